package dev.minidocker.runtime.container;

import dev.minidocker.MiniDockerException;
import dev.minidocker.linux.PidFd;
import dev.minidocker.linux.ProcessSyscalls;
import dev.minidocker.state.ContainerState;
import dev.minidocker.state.ContainerStore;
import java.util.OptionalInt;

/**
 * {@code kill -s SIGNAL}: the signal to the container's init through a pidfd (a reused pid is never
 * hit), after marking it stopped by the user (see {@link ContainerStop}); with SIGKILL it waits for
 * the end to be recorded. Needs no supervisor.
 */
public final class ContainerKill {
    private static final int SIGKILL = 9;
    private final ContainerStore store;

    public ContainerKill(ContainerStore store) {
        this.store = store;
    }

    /** An error if the container is not running. */
    public void kill(String id, int signal) {
        ContainerState state = store.state(id).orElseThrow(() -> new MiniDockerException("No such container: " + id));
        OptionalInt pidfd = state.isRunning() ? PidFd.open(state.pid(), state.startTime()) : OptionalInt.empty();
        if (pidfd.isEmpty()) {
            throw new MiniDockerException("Cannot kill container: " + id + ": Container " + id + " is not running");
        }
        try {
            ContainerStop.markStopped(store, id);
            PidFd.signal(pidfd.getAsInt(), signal);
            if (signal == SIGKILL && PidFd.awaitExit(pidfd.getAsInt(), 10_000)) ContainerStop.awaitRecorded(store, id, state);
        } finally {
            ProcessSyscalls.close(pidfd.getAsInt());
        }
    }
}
