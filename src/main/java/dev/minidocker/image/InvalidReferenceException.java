package dev.minidocker.image;

import dev.minidocker.MiniDockerException;

/** A malformed image reference or digest typed by the user or found in a manifest. */
public final class InvalidReferenceException extends MiniDockerException {
    public InvalidReferenceException(String message) {
        super(message);
    }
}
