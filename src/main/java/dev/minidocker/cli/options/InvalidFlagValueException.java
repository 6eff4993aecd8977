package dev.minidocker.cli.options;

import dev.minidocker.MiniDockerException;

/** A flag's value that does not parse ({@code --memory abc}): a flag error, 125 for every verb, as docker's. */
public final class InvalidFlagValueException extends MiniDockerException {
    public InvalidFlagValueException(String message) {
        super(message);
    }
}
