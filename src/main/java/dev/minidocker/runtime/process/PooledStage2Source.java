package dev.minidocker.runtime.process;

import dev.minidocker.linux.FileFlags;
import dev.minidocker.linux.ProcessSyscalls;
import dev.minidocker.runtime.spec.CgroupPlacement;
import dev.minidocker.runtime.spec.ContainerSpec;
import dev.minidocker.runtime.spec.ContainerStartException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * {@link Stage2Source} in the daemon: the warm stage 2 of its {@link Stage2Pool} when one fits,
 * with the caller's stdio sent at the release (stdin only with -i, else /dev/null), else one
 * spawned now with that stdio. Serves the supervisor's detached starts (stdio: the log FIFOs) and
 * the daemon's foreground runs for clients, which can also be {@link #cancel cancelled} (the client
 * went away: before the release the container never starts, after it PID 1 is killed) and
 * {@link #signal signalled}. A signal that comes before PID 1 is known (before the claim, or while
 * the release is under way: the command may already run and print, the release returns only once
 * stage 2 has exec'd) is held and sent to PID 1 once it is known, as Docker's client does; if the
 * container never starts, held signals go nowhere.
 */
public final class PooledStage2Source implements Stage2Source {
    private static final int SIGKILL = 9;
    private final Stage2Pool pool;
    private final Stdio stdio;
    /** The /dev/null sent as stdin with a release, open from take() until released(). */
    private int devNull = -1;
    private RunningContainer init;
    private boolean cancelled;
    private final List<Integer> pending = new ArrayList<>();

    /** @param stdio the caller's in, out, err; never closed here */
    public PooledStage2Source(Stage2Pool pool, Stdio stdio) {
        this.pool = pool;
        this.stdio = stdio;
    }

    @Override
    public Taken take(ContainerSpec spec) {
        synchronized (this) {
            if (cancelled) throw new ContainerStartException("the client went away; container not started");
        }
        Stdio sent = stdio;
        if (!spec.interactive()) {
            devNull = ProcessSyscalls.open("/dev/null", FileFlags.O_RDONLY | FileFlags.O_CLOEXEC);
            sent = stdio.withIn(devNull);
        }
        try {
            WaitingStage2 warm = pool.claim(spec);
            return warm != null ? new WithStdio(warm, sent)
                    : pool.spawnCold(spec.tty(), spec.network(), spec.hardening().hostNamespaces(), sent);
        } catch (RuntimeException e) {
            closeDevNull();
            throw e;
        }
    }

    @Override
    public void released(ContainerSpec spec, RunningContainer started) {
        closeDevNull(); // stage 2 has its own copy by now
        if (Stage2Pool.serves(spec)) pool.refill(); // after the release: the next JVM start-up no longer competes with it
        boolean kill;
        List<Integer> signals;
        synchronized (this) {
            init = started;
            kill = cancelled;
            signals = List.copyOf(pending);
            pending.clear();
        }
        if (started == null) return;
        if (kill) {
            started.signal(SIGKILL);
        } else {
            for (int s : signals) started.signal(s);
        }
    }

    /** Sends {@code signal} to the container's PID 1, now or once it is known. */
    public void signal(int signal) {
        RunningContainer c;
        synchronized (this) {
            c = init;
            if (c == null) {
                pending.add(signal);
                return;
            }
        }
        c.signal(signal);
    }

    /** The caller went away: the container is killed, or never started. */
    public void cancel() {
        RunningContainer c;
        synchronized (this) {
            cancelled = true;
            c = init;
        }
        if (c != null) c.signal(SIGKILL);
    }

    /** A warm stage 2, spawned on /dev/null: the caller's stdio go with its release. */
    private record WithStdio(WaitingStage2 stage2, Stdio stdio) implements Taken {
        @Override
        public RunningContainer release(ContainerSpec spec, IntFunction<CgroupPlacement> place) {
            return stage2.release(spec, place, stdio);
        }
    }

    private void closeDevNull() {
        ProcessSyscalls.close(devNull);
        devNull = -1;
    }
}
