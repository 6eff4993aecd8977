package dev.minidocker.runtime;

import java.util.function.IntFunction;

/** {@link ContainerStarter} over the real {@link ContainerLauncher}, with the caller's own stdio. */
public final class LauncherStarter implements ContainerStarter {
    private final Stdio stdio;

    public LauncherStarter(Stdio stdio) {
        this.stdio = stdio;
    }

    @Override
    public Started start(ContainerSpec spec, IntFunction<CgroupPlacement> place) {
        RunningContainer c = new ContainerLauncher().startPlaced(spec, place, stdio);
        return new Started() {
            @Override public long pid() { return c.pid(); }
            @Override public int waitFor() { return c.waitFor(); }
            @Override public void signal(int signal) { c.signal(signal); }
        };
    }

    @Override
    public int exitCodeOf(Throwable startFailure) {
        if (startFailure instanceof CommandNotFoundException) return 127;
        if (startFailure instanceof CommandNotExecutableException) return 126;
        return ContainerExit.TOOL_ERROR;
    }
}
