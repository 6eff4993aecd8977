package dev.minidocker.runtime.container;

import dev.minidocker.runtime.spec.CommandNotExecutableException;
import dev.minidocker.runtime.spec.CommandNotFoundException;

/** Exit codes the lifecycle records in state.json (the CLI maps exceptions itself, in ExitCodes). */
public final class ContainerExit {
    static final int TOOL_ERROR = 125;
    static final int SIGKILL = 128 + 9;
    /** Recorded when a container ended while no supervisor watched it: Linux gives the status only to the parent. */
    public static final int LOST = 255;

    private ContainerExit() {}

    /** The code a container that failed to start records: 127 not found, 126 not executable, else 125. */
    public static int ofStartFailure(Throwable e) {
        if (e instanceof CommandNotFoundException) return 127;
        if (e instanceof CommandNotExecutableException) return 126;
        return TOOL_ERROR;
    }
}
