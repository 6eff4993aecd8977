package dev.minidocker;

/** What the caller gave is malformed (an image reference, a digest). The Engine API answers 400 for it. */
public class InvalidArgumentException extends MiniDockerException {
    public InvalidArgumentException(String message) {
        super(message);
    }
}
