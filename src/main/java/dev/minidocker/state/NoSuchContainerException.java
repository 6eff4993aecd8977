package dev.minidocker.state;

import dev.minidocker.NotFoundException;

/** No container has this name, id or id prefix. */
public final class NoSuchContainerException extends NotFoundException {
    public NoSuchContainerException(String nameOrId) {
        super("No such container: " + nameOrId);
    }
}
