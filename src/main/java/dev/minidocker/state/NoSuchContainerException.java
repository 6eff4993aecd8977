package dev.minidocker.state;

import dev.minidocker.MiniDockerException;

/** No container has this name, id or id prefix. */
public final class NoSuchContainerException extends MiniDockerException {
    public NoSuchContainerException(String nameOrId) {
        super("No such container: " + nameOrId);
    }
}
