package dev.minidocker.runtime.container;

import dev.minidocker.model.Resources;
import dev.minidocker.model.RestartPolicy;
import dev.minidocker.runtime.host.CgroupFactory;
import dev.minidocker.state.ContainerRecord;
import dev.minidocker.state.ContainerStore;
import dev.minidocker.state.NoSuchContainerException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Docker's {@code update}: new limits (the fields of {@code changes} that are set) merged into the
 * container's, checked as run checks them, written to its live cgroup when it runs, then kept in
 * its record and in the spec its next start uses; and a new restart policy when given.
 */
public final class ContainerUpdate {
    private final ContainerStore store;
    private final CgroupFactory cgroups;

    public ContainerUpdate(ContainerStore store, CgroupFactory cgroups) {
        this.store = store;
        this.cgroups = cgroups;
    }

    /** Returns the limits now in force. */
    public Resources update(String id, Resources changes, RestartPolicy restart) {
        ContainerRecord record = store.load(id).orElseThrow(() -> new NoSuchContainerException(id));
        Resources merged = merge(record.hostConfig().resources(), changes);
        try {
            merged.validate(Runtime.getRuntime().availableProcessors());
        } catch (dev.minidocker.MiniDockerException e) {
            throw new dev.minidocker.InvalidArgumentException(e.getMessage());
        }
        boolean running = store.state(id).map(Liveness::isRunning).orElse(false);
        if (running) cgroups.open(id).ifPresent(c -> c.update(merged));
        store.updateHostConfig(id, h -> {
            ContainerRecord.HostConfig limited = h.withResources(merged);
            return restart == null ? limited : limited.withLifecycle(restart, h.init());
        });
        Path dir = store.containerDir(id);
        if (Files.exists(dir.resolve("start.json"))) {
            StoredSpec stored = StoredSpec.load(dir, id);
            new StoredSpec(stored.spec(), merged).save(dir);
        }
        return merged;
    }

    /** Each limit {@code changes} sets replaces the current one; --cpus and --cpu-quota replace each other. */
    static Resources merge(Resources current, Resources changes) {
        Resources r = current;
        if (changes.memory() != 0) r = r.withMemory(changes.memory());
        if (changes.memorySwap() != 0) r = r.withMemorySwap(changes.memorySwap());
        if (changes.memoryReservation() != 0) r = r.withMemoryReservation(changes.memoryReservation());
        if (changes.nanoCpus() != 0) r = r.withNanoCpus(changes.nanoCpus()).withCpuQuota(0);
        if (changes.cpuQuota() != 0) r = r.withCpuQuota(changes.cpuQuota()).withNanoCpus(0);
        if (changes.cpuShares() != 0) r = r.withCpuShares(changes.cpuShares());
        if (!changes.cpusetCpus().isEmpty()) r = r.withCpusetCpus(changes.cpusetCpus());
        if (changes.pidsLimit() != null) r = r.withPidsLimit(changes.pidsLimit());
        return r.normalized();
    }
}
