package dev.minidocker.runtime.process;

import dev.minidocker.linux.FileFlags;
import dev.minidocker.linux.ProcessSyscalls;
import dev.minidocker.runtime.spec.ContainerSpec;
import java.util.List;

/**
 * {@link Stage2Source} that spawns a stage 2 for the container, with the caller's stdio: at
 * {@link #take}, or ahead of time at {@link #prepare}, so that its JVM starts while the caller
 * resolves the image and writes the record (the CLI's foreground run); take() then uses that one
 * if it fits the spec. Like Docker, a container without -i or -t reads /dev/null, not the
 * caller's terminal.
 */
public final class SpawningStage2Source implements Stage2Source {
    private final Stdio stdio;
    private Stage2Launcher launcher;
    private WaitingStage2 early;
    private boolean earlyNullStdin;

    /** With a launcher made on first use (finding java and the jar costs a little: not before it is needed). */
    public SpawningStage2Source(Stdio stdio) {
        this(null, stdio);
    }

    public SpawningStage2Source(Stage2Launcher launcher, Stdio stdio) {
        this.launcher = launcher;
        this.stdio = stdio;
    }

    private boolean diesWithCaller;

    /** For the in-process foreground run: the container dies with this process ({@link Stage2Launcher#diesWithCaller}). */
    public static SpawningStage2Source diesWithCaller(Stdio stdio) {
        SpawningStage2Source s = new SpawningStage2Source(stdio);
        s.diesWithCaller = true;
        return s;
    }

    @Override
    public void prepare(boolean tty, boolean interactive, String network) {
        discardPrepared();
        try {
            earlyNullStdin = nullStdin(tty, interactive);
            early = spawn(tty, "host".equalsIgnoreCase(network) ? "host" : "new", List.of(), earlyNullStdin);
        } catch (RuntimeException e) {
            early = null; // take() spawns again and reports whatever is wrong
        }
    }

    @Override
    public void discardPrepared() {
        WaitingStage2 s = early;
        early = null;
        if (s != null) s.abandon();
    }

    @Override
    public Taken take(ContainerSpec spec) {
        WaitingStage2 s = early;
        early = null;
        boolean nullStdin = nullStdin(spec.tty(), spec.interactive());
        if (s != null && !(s.fits(spec) && earlyNullStdin == nullStdin)) {
            s.abandon();
            s = null;
        }
        if (s == null) s = spawn(spec.tty(), spec.network(), spec.hardening().hostNamespaces(), nullStdin);
        return s;
    }

    private boolean nullStdin(boolean tty, boolean interactive) {
        return !(interactive || tty || stdio.in() != 0);
    }

    private WaitingStage2 spawn(boolean tty, String network, List<String> hostNamespaces, boolean nullStdin) {
        if (!nullStdin) return launcher().spawn(tty, network, hostNamespaces, stdio);
        int devNull = ProcessSyscalls.open("/dev/null", FileFlags.O_RDONLY | FileFlags.O_CLOEXEC);
        try {
            return launcher().spawn(tty, network, hostNamespaces, stdio.withIn(devNull));
        } finally {
            ProcessSyscalls.close(devNull); // the container has its own copy by now
        }
    }

    private Stage2Launcher launcher() {
        if (launcher == null) launcher = diesWithCaller ? Stage2Launcher.diesWithCaller() : new Stage2Launcher();
        return launcher;
    }
}
