package dev.minidocker.runtime.container;

import dev.minidocker.linux.ProcessIdentity;
import dev.minidocker.state.ContainerState;

/** What a recorded state means now: a "running" record whose init is gone (or whose pid was reused) has exited. */
public final class Liveness {
    private Liveness() {}

    /** Running per the record, and its init is still the same live process (pid and start time). */
    public static boolean isRunning(ContainerState s) {
        return s.isRunning() && ProcessIdentity.isAlive(s.pid(), s.startTime());
    }

    /** The state as users should see it; a lost init shows as exited 255, as Docker shows lost state. */
    public static ContainerState effective(ContainerState s) {
        if (!s.isRunning() || isRunning(s)) return s;
        return new ContainerState(ContainerState.EXITED, 0, 0, ContainerExit.LOST, false, s.startedAt(),
                s.startedAt(), "container process lost", s.restartCount(), s.manuallyStopped());
    }
}
