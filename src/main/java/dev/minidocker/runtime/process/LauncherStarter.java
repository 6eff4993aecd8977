package dev.minidocker.runtime.process;

import dev.minidocker.linux.FileFlags;
import dev.minidocker.linux.ProcessSyscalls;
import dev.minidocker.runtime.spec.CgroupPlacement;
import dev.minidocker.runtime.spec.ContainerSpec;
import java.util.function.IntFunction;

/**
 * {@link ContainerStarter} over the real {@link Stage2Launcher}, with the caller's own stdio.
 * {@link #prepare} spawns stage 2 ahead of time, so that its JVM starts while the caller resolves
 * the image and writes the record; {@link #start} then releases that stage 2 if it fits the spec.
 */
public final class LauncherStarter implements ContainerStarter {
    private final Stdio stdio;
    private Stage2Launcher launcher;
    private Stage2Launcher.Spawned early;
    private boolean earlyNullStdin;

    public LauncherStarter(Stdio stdio) {
        this.stdio = stdio;
    }

    @Override
    public void prepare(boolean tty, boolean interactive, String network) {
        discardPrepared();
        try {
            earlyNullStdin = nullStdin(tty, interactive);
            early = spawn(tty, "host".equalsIgnoreCase(network) ? "host" : "new", earlyNullStdin);
        } catch (RuntimeException e) {
            early = null; // start() spawns again and reports whatever is wrong
        }
    }

    @Override
    public void discardPrepared() {
        Stage2Launcher.Spawned s = early;
        early = null;
        if (s != null) s.abandon();
    }

    @Override
    public Started start(ContainerSpec spec, IntFunction<CgroupPlacement> place) {
        Stage2Launcher.Spawned s = early;
        early = null;
        boolean nullStdin = nullStdin(spec.tty(), spec.interactive());
        if (s != null && !(s.fits(spec) && earlyNullStdin == nullStdin)) {
            s.abandon();
            s = null;
        }
        if (s == null) s = spawn(spec.tty(), spec.network(), nullStdin);
        RunningContainer c = launcher().release(s, spec, place);
        return Started.of(c);
    }

    /** Like Docker, a container without -i or -t reads /dev/null, not the caller's terminal. */
    private boolean nullStdin(boolean tty, boolean interactive) {
        return !(interactive || tty || stdio.in() != 0);
    }

    private Stage2Launcher.Spawned spawn(boolean tty, String network, boolean nullStdin) {
        if (!nullStdin) return launcher().spawn(tty, network, stdio);
        int devNull = ProcessSyscalls.open("/dev/null", FileFlags.O_RDONLY | FileFlags.O_CLOEXEC);
        try {
            return launcher().spawn(tty, network, new Stdio(devNull, stdio.out(), stdio.err(), stdio.forwardSignals()));
        } finally {
            ProcessSyscalls.close(devNull); // the container has its own copy by now
        }
    }

    private Stage2Launcher launcher() {
        if (launcher == null) launcher = new Stage2Launcher();
        return launcher;
    }
}
