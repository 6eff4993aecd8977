package dev.minidocker.image.registry;

/** Content whose digest is not the one it was asked for: corrupt, truncated or substituted. */
public final class DigestMismatchException extends RegistryException {
    public DigestMismatchException(String message) {
        super(message);
    }
}
