package dev.minidocker.runtime.container;

import dev.minidocker.MiniDockerException;
import dev.minidocker.linux.ProcessIdentity;
import dev.minidocker.runtime.host.CgroupFactory;
import dev.minidocker.runtime.host.NetworkSetup;
import dev.minidocker.runtime.process.RunningContainer;
import dev.minidocker.state.ContainerState;
import dev.minidocker.state.ContainerStore;
import java.time.Clock;
import java.util.function.UnaryOperator;

/**
 * The one teardown of a container, on every path: its command ended (foreground run, supervisor),
 * its start failed, this process is exiting under a foreground run (shutdown hook), or {@code rm -f}.
 * In that order:
 * <ol>
 *   <li>what is left is killed: every task in the cgroup, and the init itself (until its last step
 *       stage 2 runs outside the container's cgroup, see CgroupPlacement);</li>
 *   <li>the init is waited for (bounded), then the cgroup is removed: once, by the cgroup manager,
 *       which retries while the kernel says EBUSY; a cgroup someone else removed meanwhile (a
 *       supervisor and an rm may race) is not a failure;</li>
 *   <li>the end is recorded (exit code, OOM, or the start's error), the network released (after the
 *       record for an end: its address goes back to the pool only then; before it for a failed
 *       start, whose record may go with it), and --rm removes the record.</li>
 * </ol>
 * Each {@link LiveContainer} is torn down once, by whoever comes first. Every step runs even if an
 * earlier one failed; the first failure is thrown at the end with the others suppressed.
 */
public final class ContainerTeardown {
    private static final int SIGKILL = 9;
    private static final long INIT_GONE_NANOS = 10_000_000_000L;
    static final String LOST_MESSAGE = "exit status lost: the container ended while no supervisor watched it";

    private final ContainerStore store;
    private final CgroupFactory cgroups;
    private final NetworkSetup network;
    private final Clock clock;

    public ContainerTeardown(ContainerStore store, CgroupFactory cgroups, NetworkSetup network, Clock clock) {
        this.store = store;
        this.cgroups = cgroups;
        this.network = network;
        this.clock = clock;
    }

    /** Told of every end recorded, before --rm removes the record. */
    public interface EndListener {
        void ended(String id, ContainerState state);
    }

    /**
     * The container's command ended with {@code exitCode} (null: unknown, as for a container adopted
     * from an earlier supervisor, whose init was not our child). Returns the state recorded, or null
     * if the record is gone (removed meanwhile) or the container was torn down already.
     */
    public ContainerState ended(LiveContainer c, Integer exitCode, EndListener listener) {
        if (!c.beginTeardown()) return null;
        RuntimeException failure = null;
        boolean oom = false, cgroupRemoved = false;
        try {
            oom = killAndRemoveCgroup(c, false);
            cgroupRemoved = true;
        } catch (RuntimeException e) {
            failure = e;
        }
        ContainerState end = null;
        boolean unrecorded = false;
        try {
            end = recordEnd(c, exitCode, oom);
        } catch (RuntimeException e) { // a full disk: the rest of the teardown still runs
            failure = first(failure, e);
            unrecorded = true;
        }
        try {
            network.tearDown(c.id());
        } catch (RuntimeException e) {
            failure = first(failure, e);
        }
        if (end != null || unrecorded) {
            try {
                if (listener != null && end != null) listener.ended(c.id(), end);
                // A cgroup that could not be removed keeps its record, so that rm can try again.
                if (c.autoRemove() && cgroupRemoved) {
                    // Volumes before the record: a client waiting for "removed" (docker run --rm) returns
                    // as the record goes and must not find the container's anonymous volumes still there.
                    AnonymousVolumes.remove(store, c.anonymousVolumes());
                    store.remove(c.id(), c.name());
                }
            } catch (RuntimeException e) {
                failure = first(failure, e);
            }
        }
        if (failure != null) throw failure;
        return end;
    }

    /**
     * The start (or the wait for the end) failed with {@code why}, which gets any cleanup failure as
     * suppressed. A foreground run's runtime dirs go and its record is marked with the error (or goes
     * too, with --rm); a detached container keeps them, marked, to be started again.
     */
    public void failed(LiveContainer c, Throwable why) {
        if (!c.beginTeardown()) return;
        int code = ContainerExit.ofStartFailure(why);
        try {
            killAndRemoveCgroup(c, false);
        } catch (RuntimeException cleanup) {
            why.addSuppressed(cleanup);
        }
        try {
            network.tearDown(c.id());
        } catch (RuntimeException cleanup) {
            why.addSuppressed(cleanup);
        }
        if (c.detached()) {
            try {
                store.updateState(c.id(), new Failed(code, why.getMessage(), clock));
            } catch (RuntimeException cleanup) {
                why.addSuppressed(cleanup);
            }
        } else {
            ContainerCreate.discard(store, c.id(), c.autoRemove(), code, why, clock);
        }
    }

    /** This JVM is exiting under a foreground run (its shutdown hook): the container is killed. */
    public void abandoned(LiveContainer c) {
        abandoned(c, false);
    }

    /** As above; {@code remove}: the record goes too, as for --rm. */
    public void abandoned(LiveContainer c, boolean remove) {
        if (!c.beginTeardown()) return;
        RuntimeException why = new IllegalStateException("mini-docker was terminated; container killed");
        try {
            killAndRemoveCgroup(c, false);
        } catch (RuntimeException cleanup) {
            why.addSuppressed(cleanup);
        }
        try {
            network.tearDown(c.id());
        } catch (RuntimeException cleanup) {
            why.addSuppressed(cleanup);
        }
        ContainerCreate.discard(store, c.id(), c.autoRemove() || remove, ContainerExit.SIGKILL, why, clock);
        if (why.getSuppressed().length > 0) throw why;
    }

    /** {@code rm}: kills what is left, removes the cgroup and releases the network; the record is the caller's. */
    void release(LiveContainer c) {
        if (!c.beginTeardown()) return;
        killAndRemoveCgroup(c, true);
        network.tearDown(c.id());
    }

    /**
     * Steps 1 and 2; returns whether the OOM killer struck (read before the cgroup goes). A cgroup
     * that vanishes under us was removed by a concurrent teardown (a supervisor and an rm may race):
     * only a cgroup that stays is a failure.
     */
    private boolean killAndRemoveCgroup(LiveContainer c, boolean initMustDie) {
        CgroupFactory.Handle cgroup = c.cgroup();
        RuntimeException failure = null;
        boolean oom = false;
        if (cgroup != null) {
            try {
                oom = cgroup.oomKilled();
                cgroup.killAll();
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        RunningContainer init = c.init();
        if (init != null) {
            if (!c.isReaped()) init.signal(SIGKILL);
        } else if (c.initPid() > 0 && ProcessIdentity.isAlive(c.initPid(), c.initStartTime())) {
            // Without a cgroup (or if it lost track) the init itself still goes: its PID namespace dies with it.
            ProcessHandle.of(c.initPid()).ifPresent(ProcessHandle::destroyForcibly);
        }
        if (!awaitInitGone(c) && initMustDie) {
            throw new MiniDockerException("could not kill running container " + c.id() + ", cannot remove");
        }
        if (cgroup != null) {
            try {
                cgroup.destroy();
            } catch (RuntimeException e) {
                failure = first(failure, e);
            }
            if (failure != null && cgroups.open(c.id()).isPresent()) throw failure;
        }
        return oom;
    }

    /** Whether the init is gone (at once if it was reaped), within a bound. */
    private static boolean awaitInitGone(LiveContainer c) {
        if (c.init() != null && c.isReaped()) return true;
        long pid = c.initPid();
        if (pid <= 0) return true;
        // Our own child keeps its pid until our waiter reaps it; another's is checked with its start time.
        long startTime = c.init() != null ? 0 : c.initStartTime();
        long deadline = System.nanoTime() + INIT_GONE_NANOS;
        while (ProcessIdentity.isAlive(pid, startTime)) {
            if (System.nanoTime() - deadline > 0) return false;
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private ContainerState recordEnd(LiveContainer c, Integer exitCode, boolean oom) {
        ContainerState known = c.knownState();
        if (known != null && exitCode != null) {
            ContainerState end = known.exited(exitCode, oom, clock.instant());
            store.writeState(c.id(), end);
            c.knownState(end);
            return end;
        }
        UnaryOperator<ContainerState> change = exitCode != null ? new Exited(exitCode, oom, clock)
                : new UnknownEnd(clock);
        return store.updateState(c.id(), change).orElse(null);
    }

    private static RuntimeException first(RuntimeException failure, RuntimeException next) {
        if (failure == null) return next;
        failure.addSuppressed(next);
        return failure;
    }

    private record Exited(int code, boolean oom, Clock clock) implements UnaryOperator<ContainerState> {
        @Override
        public ContainerState apply(ContainerState s) {
            return s.exited(code, oom, clock.instant());
        }
    }

    /**
     * The end of a container that was not our child (adopted after a daemon restart): its status is
     * unknown, so lost (255), unless stop or kill ended it: then it was killed, 137, as Docker records it.
     */
    private record UnknownEnd(Clock clock) implements UnaryOperator<ContainerState> {
        @Override
        public ContainerState apply(ContainerState s) {
            if (s.manuallyStopped()) return s.exited(ContainerExit.SIGKILL, false, clock.instant());
            return s.failed(ContainerExit.LOST, LOST_MESSAGE, clock.instant());
        }
    }

    private record Failed(int code, String why, Clock clock) implements UnaryOperator<ContainerState> {
        @Override
        public ContainerState apply(ContainerState s) {
            return s.failed(code, why, clock.instant());
        }
    }
}
