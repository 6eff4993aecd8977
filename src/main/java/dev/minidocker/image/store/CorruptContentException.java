package dev.minidocker.image.store;

import dev.minidocker.MiniDockerException;

/** Content that does not match its digest, DiffID or declared size: never stored, never retried. */
public final class CorruptContentException extends MiniDockerException {
    public CorruptContentException(String message) {
        super(message);
    }
}
