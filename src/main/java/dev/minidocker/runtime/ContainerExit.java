package dev.minidocker.runtime;

/** Exit codes the lifecycle records in state.json (the CLI maps exceptions itself, in ExitCodes). */
final class ContainerExit {
    static final int TOOL_ERROR = 125;
    static final int SIGKILL = 128 + 9;

    private ContainerExit() {}
}
