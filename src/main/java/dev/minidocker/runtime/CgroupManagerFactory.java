package dev.minidocker.runtime;

import dev.minidocker.linux.cgroup.Cgroup;
import dev.minidocker.linux.cgroup.CgroupManager;
import dev.minidocker.linux.cgroup.ResourceLimits;
import java.util.Optional;

/** {@link CgroupFactory} over the host's real {@link CgroupManager} (v1 or v2, detected once). */
public final class CgroupManagerFactory implements CgroupFactory {
    private volatile CgroupManager manager;

    private CgroupManager manager() {
        CgroupManager m = manager;
        if (m == null) manager = m = CgroupManager.detect();
        return m;
    }

    @Override
    public Handle create(String containerId, Limits limits) {
        return wrap(manager().create(containerId, new ResourceLimits(limits.memoryBytes(), limits.memorySwapBytes(),
                limits.cpus(), limits.cpuShares(), limits.cpusetCpus(), limits.pidsLimit())));
    }

    @Override
    public Optional<Handle> open(String containerId) {
        return manager().open(containerId).map(CgroupManagerFactory::wrap);
    }

    private static Handle wrap(Cgroup cgroup) {
        return new Handle() {
            @Override public void addProcess(long pid) { cgroup.addProcess(Math.toIntExact(pid)); }
            @Override public boolean oomKilled() { return cgroup.oomKilled(); }
            @Override public void killAll() { cgroup.killAll(); }
            @Override public void destroy() { cgroup.destroy(); }
        };
    }
}
