package dev.minidocker.runtime.spec;

/** execve of the container's command failed otherwise (EACCES, ENOEXEC, ...; Docker exits 126). */
public final class CommandNotExecutableException extends ContainerStartException {
    public CommandNotExecutableException(String message) {
        super(message);
    }
}
