package dev.minidocker.image.layer;

import dev.minidocker.MiniDockerException;

/**
 * A layer tar that cannot be applied: a hostile or unsupported entry, or a failed file call. The
 * message quotes names from the layer, so its control characters are escaped ({@link Printable}).
 */
public final class LayerException extends MiniDockerException {
    public LayerException(String message) {
        super(Printable.of(message));
    }

    public LayerException(String message, Throwable cause) {
        super(Printable.of(message), cause);
    }
}
