package dev.minidocker.runtime.container;

import dev.minidocker.MiniDockerException;
import dev.minidocker.runtime.host.CgroupFactory;
import dev.minidocker.runtime.host.NetworkSetup;
import dev.minidocker.state.ContainerState;
import dev.minidocker.state.ContainerStore;
import java.time.Clock;

/**
 * {@code rm}: refuses a running container unless forced. Then {@link ContainerTeardown} kills what
 * is left in it, removes its cgroup and releases its network (a crashed run may have left both
 * behind, running or not); the runtime dirs and the record go last, once whoever watched a running
 * one (its supervisor, its foreground run) has recorded its end, as {@code stop} waits: a state
 * written into a record being deleted would leave its directory behind.
 */
public final class ContainerRemove {
    private final ContainerStore store;
    private final CgroupFactory cgroups;
    private final ContainerTeardown teardown;

    public ContainerRemove(ContainerStore store, CgroupFactory cgroups) {
        this(store, cgroups, NetworkSetup.NONE);
    }

    public ContainerRemove(ContainerStore store, CgroupFactory cgroups, NetworkSetup network) {
        this.store = store;
        this.cgroups = cgroups;
        this.teardown = new ContainerTeardown(store, cgroups, network, Clock.systemUTC());
    }

    /** Removes the container named by name, full id or unambiguous id prefix; returns its id. */
    public String remove(String nameOrId, boolean force) {
        return remove(nameOrId, force, false);
    }

    /** {@code rm [-f] [-v]}: with {@code volumes}, its anonymous volumes go too. */
    public String remove(String nameOrId, boolean force, boolean volumes) {
        String id = store.resolve(nameOrId);
        ContainerState state = store.state(id).orElse(ContainerState.created());
        boolean running = Liveness.isRunning(state);
        if (running) {
            if (!force) {
                throw new MiniDockerException("You cannot remove a running container " + id
                        + ". Stop the container before attempting removal or force remove");
            }
            // A supervisor seeing this end must not restart the container (restart policy).
            store.updateState(id, ManuallyStopped.INSTANCE);
        }
        teardown.release(LiveContainer.found(id, running ? state : ContainerState.created(), cgroups.open(id).orElse(null)));
        if (running) ContainerStop.awaitRecorded(store, id, state);
        java.util.List<String> anonymous = volumes ? AnonymousVolumes.of(store, id) : java.util.List.of();
        store.remove(id);
        AnonymousVolumes.remove(store, anonymous);
        return id;
    }
}
