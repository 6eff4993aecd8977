package dev.minidocker.linux.cgroup;

import java.nio.file.Path;
import java.util.List;

/** A container's cgroup on v2: one directory, {@code <root>/minidocker/<id>}. */
final class V2Cgroup implements Cgroup {
    private final String id;
    private final Path dir;
    private final Path parent;
    private final CgroupTree tree;
    static final long FREEZE_MILLIS = 10_000;

    V2Cgroup(String id, Path dir, Path parent, CgroupTree tree) {
        this.id = id;
        this.dir = dir;
        this.parent = parent;
        this.tree = tree;
    }

    @Override
    public String id() {
        return id;
    }

    Path path() {
        return dir;
    }

    @Override
    public void update(dev.minidocker.model.Resources r) {
        CpuSet allowed = null;
        if (r.hasCpuset()) {
            allowed = tree.readIfExists(parent.resolve("cpuset.cpus.effective")).filter(x -> !x.isEmpty())
                    .map(CpuSet::parse).orElse(CpuSet.firstN(Runtime.getRuntime().availableProcessors()));
        }
        new ResourceWriter(tree).applyV2(dir, r, allowed);
    }

    @Override
    public void addProcess(int pid) {
        tree.write(dir.resolve("cgroup.procs"), Integer.toString(pid));
    }

    @Override
    public List<Path> procsFiles() {
        return List.of(dir.resolve("cgroup.procs"));
    }

    @Override
    public boolean oomKilled() {
        return tree.readKey(dir.resolve("memory.events"), "oom_kill", 0) > 0;
    }

    @Override
    public CgroupStats stats() {
        long cpuUsec = tree.readKey(dir.resolve("cpu.stat"), "usage_usec", 0);
        return new CgroupStats(cpuUsec * 1000,
                tree.readLong(dir.resolve("memory.current"), 0),
                tree.readLong(dir.resolve("memory.max"), CgroupStats.UNLIMITED),
                tree.readLong(dir.resolve("pids.current"), pids().size()),
                tree.readLong(dir.resolve("pids.max"), CgroupStats.UNLIMITED));
    }

    @Override
    public List<Integer> pids() {
        return tree.pidsRecursive(dir);
    }

    @Override
    public void freeze() {
        Path freeze = dir.resolve("cgroup.freeze");
        if (!tree.exists(freeze)) throw new CgroupException("cannot freeze " + dir + ": no cgroup.freeze (Linux < 5.2)");
        tree.write(freeze, "1");
        long deadline = CgroupTree.deadline(FREEZE_MILLIS);
        while (tree.readKey(dir.resolve("cgroup.events"), "frozen", 1) != 1) {
            if (!CgroupTree.before(deadline)) {
                thaw();
                throw new CgroupException("freeze " + dir + ": not frozen after " + FREEZE_MILLIS + " ms");
            }
            CgroupTree.pause();
        }
    }

    @Override
    public void thaw() {
        Path freeze = dir.resolve("cgroup.freeze");
        if (tree.exists(freeze)) tree.write(freeze, "0");
    }

    @Override
    public void killAll() {
        if (!tree.exists(dir)) return;
        Path kill = dir.resolve("cgroup.kill");
        if (tree.exists(kill)) {
            // Linux >= 5.14: the kernel kills the whole subtree, forks included.
            tree.write(kill, "1");
            return;
        }
        // Older kernels: freeze so nothing can fork while we kill, kill, thaw to let SIGKILL land.
        Path freeze = dir.resolve("cgroup.freeze");
        tree.write(freeze, "1");
        long deadline = CgroupTree.deadline(2_000);
        while (tree.readKey(dir.resolve("cgroup.events"), "frozen", 1) != 1 && CgroupTree.before(deadline)) {
            CgroupTree.pause();
        }
        try {
            CgroupTree.killEach(pids());
        } finally {
            tree.write(freeze, "0");
        }
    }

    @Override
    public void destroy() {
        if (!tree.exists(dir)) {
            tree.removeIfUnused(parent);
            return;
        }
        long deadline = CgroupTree.deadline(CgroupTree.TEARDOWN_MILLIS);
        if (populated()) {
            killAll();
            while (populated() && CgroupTree.before(deadline)) CgroupTree.pause();
        }
        tree.removeRecursive(dir, deadline);
        tree.removeIfUnused(parent);
    }

    /** cgroup.events "populated" covers the subtree; fall back to listing pids. */
    private boolean populated() {
        long populated = tree.readKey(dir.resolve("cgroup.events"), "populated", -1);
        return populated == -1 ? !pids().isEmpty() : populated == 1;
    }

    @Override
    public String toString() {
        return dir.toString();
    }
}
