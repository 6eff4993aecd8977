package dev.minidocker.linux;

import dev.minidocker.MiniDockerException;

/** A failed libc call: the message names the call, its paths and strerror(errno). */
public final class SyscallException extends MiniDockerException {
    private final int errno;

    public SyscallException(String what, int errno) {
        super(what + ": " + Errno.describe(errno));
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
