package dev.minidocker.runtime.spec;

/** execve of the container's command failed with ENOENT (Docker exits 127). */
public final class CommandNotFoundException extends ContainerStartException {
    public CommandNotFoundException(String message) {
        super(message);
    }
}
