package dev.minidocker.image;

import dev.minidocker.InvalidArgumentException;

/** A malformed image reference or digest typed by the user or found in a manifest. */
public final class InvalidReferenceException extends InvalidArgumentException {
    public InvalidReferenceException(String message) {
        super(message);
    }
}
