package dev.minidocker.runtime.container;

import dev.minidocker.linux.ProcessIdentity;
import dev.minidocker.model.Resources;
import dev.minidocker.runtime.host.CgroupFactory;
import dev.minidocker.runtime.host.NetworkSetup;
import dev.minidocker.runtime.process.RunningContainer;
import dev.minidocker.runtime.process.Stage2Source;
import dev.minidocker.runtime.spec.CgroupPlacement;
import dev.minidocker.runtime.spec.ContainerSpec;
import dev.minidocker.runtime.spec.ContainerStartException;
import dev.minidocker.state.ContainerRecord;
import dev.minidocker.state.ContainerState;
import dev.minidocker.state.ContainerStore;
import java.time.Clock;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;

/**
 * {@code start}: the one way a container starts, for a foreground run, the supervisor's detached
 * start and restart, and the daemon's runs for its clients alike (youki's container_start.rs).
 * <ol>
 *   <li>stage 2 from the {@link Stage2Source}: spawned now, spawned ahead while the caller planned,
 *       or claimed from the daemon's pool; its JVM boots meanwhile;</li>
 *   <li>with stage 2's pid, while it still waits: the container's cgroup (made now, so that this
 *       overlaps stage 2's boot) and its network;</li>
 *   <li>the release: stage 2 gets its spec and where it goes in the cgroup tree, and reports
 *       back once it has exec'd the command (or failed);</li>
 *   <li>"running" in the record, with the init's pid and start time.</li>
 * </ol>
 * What was made is in the {@link LiveContainer} as soon as it exists: on any failure the caller
 * hands it to {@link ContainerTeardown}, which releases exactly that.
 */
public final class ContainerStart {
    private final ContainerStore store;
    private final CgroupFactory cgroups;
    private final NetworkSetup network;
    private final Clock clock;

    public ContainerStart(ContainerStore store, CgroupFactory cgroups, NetworkSetup network, Clock clock) {
        this.store = store;
        this.cgroups = cgroups;
        this.network = network;
        this.clock = clock;
    }

    /** Told of the released init before the record says "running" (a supervisor watches it first). */
    public interface BeforeRunning {
        void released(RunningContainer init, long startTime);
    }

    /**
     * Starts {@code c} from its record and spec with the cgroup {@code limits}; returns its init.
     * {@code beforeRunning} may be null.
     */
    public RunningContainer start(LiveContainer c, ContainerRecord record, ContainerSpec spec,
                                  Resources limits, Stage2Source source, BeforeRunning beforeRunning) {
        Stage2Source.Taken taken = source.take(spec);
        RunningContainer init = null;
        try {
            init = taken.release(spec, new Placement(c, record, limits));
        } finally {
            source.released(spec, init);
        }
        long startTime = ProcessIdentity.startTime(init.pid()).orElse(0);
        c.started(init, startTime);
        if (beforeRunning != null) beforeRunning.released(init, startTime);
        recordRunning(c, init.pid(), startTime);
        return init;
    }

    private void recordRunning(LiveContainer c, int pid, long startTime) {
        ContainerState known = c.knownState();
        if (known != null) {
            ContainerState running = known.running(pid, startTime, clock.instant());
            store.writeState(c.id(), running);
            c.knownState(running);
        } else {
            store.updateState(c.id(), new Running(pid, startTime, clock));
        }
    }

    /** Stage 2's pid in hand, before its release: the cgroup and the network. */
    private final class Placement implements IntFunction<CgroupPlacement> {
        private final LiveContainer c;
        private final ContainerRecord record;
        private final Resources limits;

        Placement(LiveContainer c, ContainerRecord record, Resources limits) {
            this.c = c;
            this.record = record;
            this.limits = limits;
        }

        @Override
        public CgroupPlacement apply(int pid) {
            CgroupFactory.Handle cgroup = cgroups.create(c.id(), limits);
            if (!c.holdCgroup(cgroup)) { // torn down meanwhile: this process is exiting (shutdown hook)
                cgroup.destroy();
                throw new ContainerStartException("mini-docker was terminated; container not started");
            }
            network.setUp(record, pid);
            return cgroup.placement();
        }
    }

    /** The state change to "running", as an object: no lambda bootstrap on a run's path. */
    private record Running(int pid, long startTime, Clock clock) implements UnaryOperator<ContainerState> {
        @Override
        public ContainerState apply(ContainerState s) {
            return s.running(pid, startTime, clock.instant());
        }
    }
}
