package dev.minidocker.runtime.container;

import dev.minidocker.MiniDockerException;
import dev.minidocker.linux.ProcessIdentity;
import dev.minidocker.runtime.host.CgroupFactory;
import dev.minidocker.runtime.host.NetworkSetup;
import dev.minidocker.state.ContainerState;
import dev.minidocker.state.ContainerStore;
import java.util.Optional;

/**
 * {@code rm}: refuses a running container unless forced; forced, kills every process in its cgroup
 * first. Then removes the cgroup, the runtime dirs and the record.
 */
public final class ContainerRemove {
    private static final long KILL_TIMEOUT_NANOS = 10_000_000_000L;

    private final ContainerStore store;
    private final CgroupFactory cgroups;
    private final NetworkSetup network;

    public ContainerRemove(ContainerStore store, CgroupFactory cgroups) {
        this(store, cgroups, NetworkSetup.NONE);
    }

    public ContainerRemove(ContainerStore store, CgroupFactory cgroups, NetworkSetup network) {
        this.store = store;
        this.cgroups = cgroups;
        this.network = network;
    }

    /** Removes the container named by name, full id or unambiguous id prefix; returns its id. */
    public String remove(String nameOrId, boolean force) {
        String id = store.resolve(nameOrId);
        ContainerState state = store.state(id).orElse(ContainerState.created());
        if (isRunning(state)) {
            if (!force) {
                throw new MiniDockerException("You cannot remove a running container " + id
                        + ". Stop the container before attempting removal or force remove");
            }
            // A supervisor seeing this end must not restart the container (restart policy).
            store.updateState(id, s -> s.withManuallyStopped(true));
            kill(id, state);
        }
        destroyCgroup(id);
        network.tearDown(id); // frees the address, ports and veth a crashed run left behind
        store.remove(id);
        return id;
    }

    /** Running per the record, and its init is still the same live process. */
    public static boolean isRunning(ContainerState state) {
        return state.isRunning() && ProcessIdentity.isAlive(state.pid(), state.startTime());
    }

    /**
     * The run process or a supervisor may be removing the same cgroup right now: only a cgroup that
     * stays is an error. Checked until it is gone, so that rm never returns with a cgroup left.
     */
    private void destroyCgroup(String id) {
        long deadline = System.nanoTime() + KILL_TIMEOUT_NANOS;
        while (true) {
            Optional<CgroupFactory.Handle> cgroup = cgroups.open(id);
            if (cgroup.isEmpty()) return;
            try {
                cgroup.get().destroy();
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline && cgroups.open(id).isPresent()) throw e;
            }
        }
    }

    private void kill(String id, ContainerState state) {
        Optional<CgroupFactory.Handle> cgroup = cgroups.open(id);
        cgroup.ifPresent(CgroupFactory.Handle::killAll);
        // Without a cgroup (or if it lost track) the init itself still goes: its PID namespace dies with it.
        ProcessHandle.of(state.pid()).ifPresent(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + KILL_TIMEOUT_NANOS;
        while (ProcessIdentity.isAlive(state.pid(), state.startTime())) {
            if (System.nanoTime() > deadline) {
                throw new MiniDockerException("could not kill running container " + id + ", cannot remove");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MiniDockerException("interrupted while killing container " + id);
            }
        }
    }
}
