package dev.minidocker.image.store;

import dev.minidocker.MiniDockerException;

/** No image in the store answers to the name or id the user gave. */
public final class ImageNotFoundException extends MiniDockerException {
    public ImageNotFoundException(String message) {
        super(message);
    }
}
