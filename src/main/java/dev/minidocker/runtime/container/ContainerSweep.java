package dev.minidocker.runtime.container;

import dev.minidocker.linux.ProcessIdentity;
import dev.minidocker.runtime.host.CgroupFactory;
import dev.minidocker.runtime.host.NetworkSetup;
import dev.minidocker.state.ContainerRecord;
import dev.minidocker.state.ContainerState;
import dev.minidocker.state.ContainerStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Cleans up after in-process runs whose owner died without cleaning up (SIGKILL: no shutdown hook
 * runs). Such a run's directory names its owner (pid and start time, so a reused pid is not taken
 * for it: {@link ContainerStore#OWNER_FILE}); its stage 2 died with the owner (PR_SET_PDEATHSIG).
 * For each directory whose owner is gone: a half-created one (no config.json yet) is deleted; a
 * record's container is killed if anything of it still runs, its cgroups removed, its network
 * released, and then it is removed ({@code --rm}) or recorded as ended by SIGKILL (137) and
 * disowned. A directory with neither a record nor an owner (a removal killed half-way) is deleted
 * too. Addresses a swept run took before it saved its endpoint are reclaimed after. Runs before an in-process run, in {@code ps}, {@code container prune} and at a daemon's
 * start, so what a killed run left never outlives the next command.
 */
public final class ContainerSweep {
    private final ContainerStore store;
    private final CgroupFactory cgroups;
    private final ContainerTeardown teardown;
    private final NetworkSetup network;
    private final Clock clock;

    public ContainerSweep(ContainerStore store, CgroupFactory cgroups, NetworkSetup network, Clock clock) {
        this.store = store;
        this.cgroups = cgroups;
        this.teardown = new ContainerTeardown(store, cgroups, network, clock);
        this.network = network;
        this.clock = clock;
    }

    /** This process as the owner of the run it makes. */
    public static ContainerStore.Owner thisProcess() {
        long pid = ProcessHandle.current().pid();
        return new ContainerStore.Owner(pid, ProcessIdentity.startTime(pid).orElse(0));
    }

    /** Sweeps every directory whose owner is gone; returns their ids. Failures are left for the next sweep. */
    public List<String> sweep() {
        List<String> swept = new ArrayList<>();
        store.sweepStaging(new OwnerAlive());
        List<String> remains = new ArrayList<>();
        for (String id : store.directoryIds()) {
            Optional<ContainerStore.Owner> owner = store.owner(id);
            if (owner.isEmpty() && !store.hasRecord(id)) remains.add(id);   // checked again under the store lock
            if (owner.isEmpty() || ProcessIdentity.isAlive(owner.get().pid(), owner.get().startTime())) continue;
            try {
                sweep(id);
                swept.add(id);
            } catch (RuntimeException e) {
                // another command sweeps or removes it at the same time, or the kernel is slow to let
                // the cgroup go: the next sweep tries again
            }
        }
        store.sweepRemains(remains);
        if (!swept.isEmpty()) {
            try {
                network.reclaimStale(); // an address a swept run took before it had an endpoint
            } catch (RuntimeException e) {
                // the next sweep or attach reclaims it
            }
        }
        return swept;
    }

    private static final class OwnerAlive implements java.util.function.Predicate<ContainerStore.Owner> {
        @Override
        public boolean test(ContainerStore.Owner o) {
            return ProcessIdentity.isAlive(o.pid(), o.startTime());
        }
    }

    private void sweep(String id) {
        Optional<ContainerRecord> record = store.load(id);
        if (record.isEmpty()) { // half-created: the owner died between mkdir and config.json
            store.remove(id);
            return;
        }
        ContainerState state = store.state(id).orElse(ContainerState.created());
        boolean running = Liveness.isRunning(state);
        teardown.release(LiveContainer.found(record.get(), running ? state : ContainerState.created(),
                cgroups.open(id).orElse(null)));
        if (record.get().hostConfig() != null && record.get().hostConfig().autoRemove()) {
            store.remove(id, record.get().name());
            return;
        }
        if (state.isRunning()) store.writeState(id, state.exited(ContainerExit.SIGKILL, false, clock.instant()));
        store.disown(id);
    }
}
