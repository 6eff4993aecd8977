package dev.minidocker.image.registry;

import dev.minidocker.MiniDockerException;

/** A registry could not give us what we asked for; the message names the image and the action. */
public class RegistryException extends MiniDockerException {
    public RegistryException(String message) {
        super(message);
    }

    public RegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
