package dev.minidocker.runtime.container;

import dev.minidocker.MiniDockerException;
import dev.minidocker.linux.PidFd;
import dev.minidocker.linux.ProcessSyscalls;
import dev.minidocker.runtime.host.CgroupFactory;
import dev.minidocker.state.ContainerRecord;
import dev.minidocker.state.ContainerState;
import dev.minidocker.state.ContainerStore;
import java.util.OptionalInt;

/**
 * {@code stop}: the stop signal through a pidfd (a reused pid is never hit), SIGKILL for the whole
 * cgroup after the timeout. Like {@link ContainerKill} it marks the container as stopped by the user
 * first, so that its restart policy leaves it down, and waits for its supervisor to record the end.
 * Needs no supervisor itself.
 */
public final class ContainerStop {
    private static final int SIGKILL = 9, SIGTERM = 15;
    /** Docker's grace before SIGKILL when neither the caller nor the container ({@code --stop-timeout}) says. */
    public static final int DEFAULT_TIMEOUT_SECONDS = 10;
    private static final long RECORD_WAIT_MILLIS = 5000;

    private final ContainerStore store;
    private final CgroupFactory cgroups;

    public ContainerStop(ContainerStore store, CgroupFactory cgroups) {
        this.store = store;
        this.cgroups = cgroups;
    }

    /**
     * Sends the container's StopSignal (or SIGTERM), SIGKILLs the whole cgroup after
     * {@code timeoutSeconds} (negative: wait forever; null: the container's StopTimeout, else
     * {@value #DEFAULT_TIMEOUT_SECONDS}), and waits until it is gone. A container
     * that is not running is only marked as stopped (a pending policy restart is cancelled).
     * Returns false if it was not running.
     */
    public boolean stop(String id, Integer timeoutSeconds) {
        ContainerState state = markStopped(store, id);
        OptionalInt pidfd = state.isRunning() ? PidFd.open(state.pid(), state.startTime()) : OptionalInt.empty();
        if (pidfd.isEmpty()) return false;
        int fd = pidfd.getAsInt();
        try {
            ContainerRecord record = store.load(id).orElseThrow(() -> new MiniDockerException("No such container: " + id));
            String signal = record.config().stopSignal();
            PidFd.signal(fd, signal == null || signal.isEmpty() ? SIGTERM : SignalNames.parse(signal));
            if (timeoutSeconds == null) {
                timeoutSeconds = record.config().stopTimeout() != null ? record.config().stopTimeout() : DEFAULT_TIMEOUT_SECONDS;
            }
            int millis = timeoutSeconds < 0 ? -1 : (int) Math.min(Integer.MAX_VALUE, timeoutSeconds * 1000L);
            if (!PidFd.awaitExit(fd, millis)) {
                cgroups.open(id).ifPresent(CgroupFactory.Handle::killAll);
                PidFd.signal(fd, SIGKILL);
                if (!PidFd.awaitExit(fd, 10_000)) {
                    throw new MiniDockerException("container " + id + " did not die after SIGKILL");
                }
            }
        } finally {
            ProcessSyscalls.close(fd);
        }
        awaitRecorded(store, id, state);
        return true;
    }

    /** Marks the state before any signal: the supervisor reads the mark when it sees the end. */
    static ContainerState markStopped(ContainerStore store, String id) {
        return store.updateState(id, ManuallyStopped.INSTANCE)
                .orElseThrow(() -> new MiniDockerException("No such container: " + id));
    }

    /** The supervisor writes "exited" right after the end; bounded, as there may be none. */
    static void awaitRecorded(ContainerStore store, String id, ContainerState before) {
        long deadline = System.nanoTime() + RECORD_WAIT_MILLIS * 1_000_000;
        while (System.nanoTime() < deadline) {
            ContainerState now = store.state(id).orElse(null);
            if (now == null || !now.isRunning() || now.pid() != before.pid()) return;
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
