package dev.minidocker.cli;

import dev.minidocker.MiniDockerException;

/** A command line with too few or too many arguments: exit 1, as the docker CLI's ("requires at least 1 argument"). */
final class ArgumentCountException extends MiniDockerException {
    ArgumentCountException(String message) {
        super(message);
    }
}
