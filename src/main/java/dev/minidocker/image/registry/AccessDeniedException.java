package dev.minidocker.image.registry;

/** The registry refused us (401/403), or the credentials were wrong. */
public final class AccessDeniedException extends RegistryException {
    public AccessDeniedException(String message) {
        super(message);
    }
}
