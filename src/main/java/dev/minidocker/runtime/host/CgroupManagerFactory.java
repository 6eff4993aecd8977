package dev.minidocker.runtime.host;

import dev.minidocker.linux.cgroup.Cgroup;
import dev.minidocker.linux.cgroup.CgroupManager;
import dev.minidocker.model.Resources;
import dev.minidocker.runtime.spec.CgroupPlacement;
import java.nio.file.Path;
import java.util.List;
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
    public Handle create(String containerId, Resources limits) {
        return wrap(manager(), manager().create(containerId, limits));
    }

    @Override
    public Optional<Handle> open(String containerId) {
        CgroupManager m = manager();
        return m.open(containerId).map(c -> wrap(m, c));
    }

    private static Handle wrap(CgroupManager manager, Cgroup cgroup) {
        return new Handle() {
            @Override public void addProcess(long pid) { cgroup.addProcess(Math.toIntExact(pid)); }
            @Override public CgroupPlacement placement() {
                return new CgroupPlacement(strings(cgroup.procsFiles()), strings(manager.ownProcsFiles()));
            }
            @Override public boolean oomKilled() { return cgroup.oomKilled(); }
            @Override public void freeze() { cgroup.freeze(); }
            @Override public void thaw() { cgroup.thaw(); }
            @Override public void update(Resources limits) { cgroup.update(limits); }
            @Override public void killAll() { cgroup.killAll(); }
            @Override public void destroy() { cgroup.destroy(); }
        };
    }

    private static List<String> strings(List<Path> paths) {
        return paths.stream().map(Path::toString).toList();
    }
}
