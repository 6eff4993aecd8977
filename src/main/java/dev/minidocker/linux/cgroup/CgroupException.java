package dev.minidocker.linux.cgroup;

import dev.minidocker.MiniDockerException;

/** A cgroup could not be created, limited, joined, killed or removed; the message is one line. */
public final class CgroupException extends MiniDockerException {
    public CgroupException(String message) {
        super(message);
    }

    public CgroupException(String message, Throwable cause) {
        super(message, cause);
    }
}
