package dev.minidocker.runtime.process;

import dev.minidocker.linux.FileFlags;
import dev.minidocker.linux.ProcessSyscalls;
import dev.minidocker.runtime.spec.CgroupPlacement;
import dev.minidocker.runtime.spec.ContainerSpec;
import dev.minidocker.runtime.spec.ContainerStartException;
import java.util.function.IntFunction;

/**
 * {@link ContainerStarter} of a daemon-side foreground run: takes the warm stage 2 of a
 * {@link Stage2Pool} when it fits (else spawns one cold) and sends it the caller's stdio with the
 * release. Like {@link LauncherStarter}, stdin is the caller's only with -i, else /dev/null. The
 * run can be {@link #cancel cancelled} (the caller went away): before the start it never starts,
 * after it PID 1 is killed. Signals before the start are dropped (nothing runs yet to get them).
 */
public final class PooledStarter implements ContainerStarter {
    private static final int SIGKILL = 9;
    private final Stage2Launcher launcher;
    private final Stage2Pool pool;
    private final Stdio stdio;
    private Started started;
    private boolean cancelled;
    private boolean warm;

    /** @param stdio the caller's in, out, err; this starter never closes them */
    public PooledStarter(Stage2Launcher launcher, Stage2Pool pool, Stdio stdio) {
        this.launcher = launcher;
        this.pool = pool;
        this.stdio = stdio;
    }

    @Override
    public Started start(ContainerSpec spec, IntFunction<CgroupPlacement> place) {
        synchronized (this) {
            if (cancelled) throw new ContainerStartException("the client went away; container not started");
        }
        if (spec.tty()) throw new ContainerStartException("a run with -t cannot go through the daemon");
        boolean pooled = Stage2Pool.serves(spec);
        Stage2Launcher.Spawned s = pooled ? pool.claim(spec) : null;
        warm = s != null;
        int devNull = ProcessSyscalls.open("/dev/null", FileFlags.O_RDWR | ProcessSyscalls.O_CLOEXEC);
        RunningContainer c;
        try {
            if (s == null) {
                pool.countCold();
                s = launcher.spawn(false, spec.network(), Stdio.of(devNull, devNull, devNull));
            }
            Stdio sent = new Stdio(spec.interactive() ? stdio.in() : devNull, stdio.out(), stdio.err(), false);
            c = launcher.release(s, spec, place, sent);
        } finally {
            ProcessSyscalls.close(devNull); // stage 2 has its own copies by now
            if (pooled) pool.refill(); // after the release: the next JVM start-up no longer competes with it
        }
        Started st = Started.of(c);
        boolean kill;
        synchronized (this) {
            started = st;
            kill = cancelled;
        }
        if (kill) st.signal(SIGKILL);
        return st;
    }

    /** Whether the start took the pool's warm stage 2. */
    public boolean usedWarmStage2() {
        return warm;
    }

    /** Sends {@code signal} to the container's PID 1 if it runs; false if it has not started. */
    public boolean signal(int signal) {
        Started st;
        synchronized (this) {
            st = started;
        }
        if (st == null) return false;
        st.signal(signal);
        return true;
    }

    /** The caller went away: the container is killed, or never started. */
    public void cancel() {
        Started st;
        synchronized (this) {
            cancelled = true;
            st = started;
        }
        if (st != null) st.signal(SIGKILL);
    }
}
