package dev.minidocker.linux.seccomp;

import dev.minidocker.MiniDockerException;
import dev.minidocker.linux.Errno;

/**
 * A libseccomp call failed. libseccomp returns a negative errno rather than setting errno; the
 * message names the call and what it was given, crun style: {@code seccomp_rule_add_array for
 * `clone` (1 condition): Invalid argument (EINVAL)}.
 */
public final class SeccompException extends MiniDockerException {
    private final int errno;

    public SeccompException(String what, int errno) {
        super(what + ": " + Errno.describe(errno));
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
