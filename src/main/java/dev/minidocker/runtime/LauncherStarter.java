package dev.minidocker.runtime;

import dev.minidocker.linux.FileFlags;
import dev.minidocker.linux.LinuxFileSyscalls;
import java.util.function.IntFunction;

/** {@link ContainerStarter} over the real {@link ContainerLauncher}, with the caller's own stdio. */
public final class LauncherStarter implements ContainerStarter {
    private final Stdio stdio;

    public LauncherStarter(Stdio stdio) {
        this.stdio = stdio;
    }

    @Override
    public Started start(ContainerSpec spec, IntFunction<CgroupPlacement> place) {
        RunningContainer c = startWithStdin(spec, place);
        return new Started() {
            @Override public long pid() { return c.pid(); }
            @Override public int waitFor() { return c.waitFor(); }
            @Override public void signal(int signal) { c.signal(signal); }
        };
    }

    /** Like Docker, a container without -i or -t reads /dev/null, not the caller's terminal. */
    private RunningContainer startWithStdin(ContainerSpec spec, IntFunction<CgroupPlacement> place) {
        if (spec.interactive() || spec.tty() || stdio.in() != 0) {
            return new ContainerLauncher().startPlaced(spec, place, stdio);
        }
        LinuxFileSyscalls files = new LinuxFileSyscalls();
        int devNull = files.open("/dev/null", FileFlags.O_RDONLY | FileFlags.O_CLOEXEC, 0);
        try {
            Stdio io = new Stdio(devNull, stdio.out(), stdio.err(), stdio.forwardSignals());
            return new ContainerLauncher().startPlaced(spec, place, io);
        } finally {
            files.close(devNull); // the container has its own copy by now
        }
    }

    @Override
    public int exitCodeOf(Throwable startFailure) {
        if (startFailure instanceof CommandNotFoundException) return 127;
        if (startFailure instanceof CommandNotExecutableException) return 126;
        return ContainerExit.TOOL_ERROR;
    }
}
