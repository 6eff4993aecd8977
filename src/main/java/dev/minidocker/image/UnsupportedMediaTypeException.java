package dev.minidocker.image;

import dev.minidocker.MiniDockerException;

/** A manifest, config or layer of a media type mini-docker cannot use (schema1 included). */
public final class UnsupportedMediaTypeException extends MiniDockerException {
    public UnsupportedMediaTypeException(String message) {
        super(message);
    }
}
