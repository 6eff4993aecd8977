package dev.minidocker.runtime.spec;

import dev.minidocker.MiniDockerException;

/** The container could not be started; the message is stage 2's (or the launcher's) one line. */
public class ContainerStartException extends MiniDockerException {
    public ContainerStartException(String message) {
        super(message);
    }

    public ContainerStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
