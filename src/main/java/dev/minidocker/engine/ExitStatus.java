package dev.minidocker.engine;

import dev.minidocker.runtime.spec.CommandNotExecutableException;
import dev.minidocker.runtime.spec.CommandNotFoundException;

/**
 * Docker's exit code for a failure: 127 when the container's command was not found, 126 when it
 * cannot be executed, 125 for every other failure of mini-docker itself. The CLI's exit codes
 * (cli/ExitCodes) and the daemon's answer to a client's run (which the client exits with) both
 * take it from here, so they cannot drift apart.
 */
public final class ExitStatus {
    public static final int TOOL_ERROR = 125;
    public static final int CANNOT_INVOKE = 126;
    public static final int NOT_FOUND = 127;

    private ExitStatus() {}

    public static int of(Throwable t) {
        if (t instanceof CommandNotFoundException) return NOT_FOUND;
        if (t instanceof CommandNotExecutableException) return CANNOT_INVOKE;
        return TOOL_ERROR;
    }

    /**
     * Whether a process could not be started in the container: its stage 2 reported a set-up step
     * that failed (an unknown user, a missing working directory, ...). Docker's exec reports such
     * an exec with 126, as the Engine API's exec inspect and {@code exec} here do.
     */
    public static boolean isStartFailure(Throwable t) {
        return t instanceof dev.minidocker.runtime.spec.ContainerStartException;
    }

    /** Whether the container's command, not mini-docker, is at fault (the API answers such a start with 400). */
    public static boolean isCommandFailure(Throwable t) {
        return of(t) != TOOL_ERROR;
    }

    /** The message on one line (the CLI prints "mini-docker: " and this). */
    public static String oneLine(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) m = e.getClass().getSimpleName();
        return m.replace('\n', ' ');
    }
}
