package dev.minidocker.runtime.container;

import dev.minidocker.linux.PidFd;
import dev.minidocker.linux.ProcessSyscalls;
import dev.minidocker.state.ContainerState;
import dev.minidocker.state.ContainerStore;
import java.util.OptionalInt;

/** {@code wait}: blocks until a container stops and returns its exit code. Needs no supervisor. */
public final class ContainerWait {
    private static final long RECORD_WAIT_MILLIS = 5000;
    private final ContainerStore store;

    public ContainerWait(ContainerStore store) {
        this.store = store;
    }

    /** The exit code once the container is not running (at once if it is not running now). */
    public int await(String id) {
        ContainerState state = store.state(id).orElseThrow(() -> new dev.minidocker.state.NoSuchContainerException(id));
        if (!state.isRunning()) return state.exitCode();
        OptionalInt pidfd = PidFd.open(state.pid(), state.startTime());
        if (pidfd.isPresent()) {
            try {
                PidFd.awaitExit(pidfd.getAsInt(), -1);
            } finally {
                ProcessSyscalls.close(pidfd.getAsInt());
            }
        }
        // Its supervisor records the exit code right after the end.
        long deadline = System.nanoTime() + RECORD_WAIT_MILLIS * 1_000_000;
        while (System.nanoTime() < deadline) {
            ContainerState now = store.state(id).orElse(null);
            if (now == null) return ContainerExit.LOST;
            if (!now.isRunning()) return now.exitCode();
            if (now.pid() != state.pid()) break; // restarted by its policy already: the code is gone
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return ContainerExit.LOST;
    }
}
