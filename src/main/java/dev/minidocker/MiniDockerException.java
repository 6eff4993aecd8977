package dev.minidocker;

/**
 * The root of mini-docker's own failures: something the tool could not do (a bad reference, a
 * registry error, a failed mount). The CLI reports the message on one line and exits 125, unless a
 * subclass maps to a more specific Docker exit code there.
 */
public class MiniDockerException extends RuntimeException {
    public MiniDockerException(String message) {
        super(message);
    }

    public MiniDockerException(String message, Throwable cause) {
        super(message, cause);
    }
}
