package dev.minidocker.engine.build;

import dev.minidocker.MiniDockerException;

/** A RUN step that exited non-zero: Docker's message, and the command's exit code. */
public final class BuildStepFailedException extends MiniDockerException {
    private final int exitCode;

    public BuildStepFailedException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
