package dev.minidocker.linux.seccomp;

import dev.minidocker.MiniDockerException;

/**
 * libseccomp cannot be loaded, so no seccomp filter can be compiled. A container is never run
 * without the filter it was meant to have: the run fails (exit 125) unless it asked for
 * {@code --security-opt seccomp=unconfined}.
 */
public final class LibseccompMissingException extends MiniDockerException {
    public LibseccompMissingException(String library, Throwable cause) {
        super("cannot load " + library + " to build the container's seccomp filter (" + reason(cause)
                + "); install libseccomp2 (apt-get install libseccomp2), or run with --security-opt seccomp=unconfined",
                cause);
    }

    private static String reason(Throwable cause) {
        String m = cause == null ? null : cause.getMessage();
        return m == null || m.isBlank() ? "not found" : m.replace('\n', ' ');
    }
}
