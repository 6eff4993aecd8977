package dev.minidocker.image.registry;

/** The registry says the repository, tag, digest or blob does not exist (HTTP 404). */
public final class ImageNotFoundException extends RegistryException {
    public ImageNotFoundException(String message) {
        super(message);
    }
}
