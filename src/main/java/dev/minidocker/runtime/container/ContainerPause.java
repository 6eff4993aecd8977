package dev.minidocker.runtime.container;

import dev.minidocker.MiniDockerException;
import dev.minidocker.runtime.host.CgroupFactory;
import dev.minidocker.state.ContainerState;
import dev.minidocker.state.ContainerStore;
import dev.minidocker.state.NoSuchContainerException;

/**
 * {@code pause} and {@code unpause}: the container's cgroup frozen (v2 {@code cgroup.freeze}, v1
 * freezer) and the state marked paused, with Docker's conflicts for a container that is not
 * running, already paused or not paused.
 */
public final class ContainerPause {
    private final ContainerStore store;
    private final CgroupFactory cgroups;

    public ContainerPause(ContainerStore store, CgroupFactory cgroups) {
        this.store = store;
        this.cgroups = cgroups;
    }

    public void pause(String id) {
        ContainerState s = runningState(id);
        if (s.paused()) throw new MiniDockerException("Container " + id + " is already paused");
        cgroup(id).freeze();
        store.updateState(id, st -> st.withPaused(true));
    }

    public void unpause(String id) {
        ContainerState s = runningState(id);
        if (!s.paused()) throw new MiniDockerException("Container " + id + " is not paused");
        cgroup(id).thaw();
        store.updateState(id, st -> st.withPaused(false));
    }

    /** Before a stop, kill or removal: a frozen container's processes could not act on a signal. */
    public void thawIfPaused(String id) {
        ContainerState s = store.state(id).orElse(null);
        if (s == null || !s.paused()) return;
        cgroups.open(id).ifPresent(CgroupFactory.Handle::thaw);
        store.updateState(id, st -> st.withPaused(false));
    }

    private ContainerState runningState(String id) {
        ContainerState s = store.state(id).orElseThrow(() -> new NoSuchContainerException(id));
        if (!Liveness.isRunning(s)) throw new MiniDockerException("Container " + id + " is not running");
        return s;
    }

    private CgroupFactory.Handle cgroup(String id) {
        return cgroups.open(id).orElseThrow(() -> new MiniDockerException("container " + id + " has no cgroup to freeze"));
    }
}
