package dev.minidocker.image.layer;

import dev.minidocker.MiniDockerException;

/** A layer tar that cannot be applied: a hostile or unsupported entry, or a failed file call. */
public final class LayerException extends MiniDockerException {
    public LayerException(String message) {
        super(message);
    }

    public LayerException(String message, Throwable cause) {
        super(message, cause);
    }
}
