package dev.minidocker.runtime.seccomp;

import dev.minidocker.MiniDockerException;

/** A seccomp profile that cannot be used: one line naming the file and the problem (exit 125). */
public final class SeccompProfileException extends MiniDockerException {
    public SeccompProfileException(String origin, String problem) {
        super("seccomp profile " + origin + ": " + problem.replace('\n', ' '));
    }

    public SeccompProfileException(String origin, String problem, Throwable cause) {
        super("seccomp profile " + origin + ": " + problem.replace('\n', ' '), cause);
    }
}
