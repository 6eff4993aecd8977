package dev.minidocker;

/**
 * What was named does not exist (a container, an image, a registry's repository or blob). Its own
 * class so that every layer can tell it apart without knowing who threw it: the Engine API answers
 * 404 for it.
 */
public class NotFoundException extends MiniDockerException {
    public NotFoundException(String message) {
        super(message);
    }
}
