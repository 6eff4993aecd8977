package dev.minidocker.linux.cgroup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A container's cgroup on v1: {@code <mount>/minidocker/<id>} in each controller hierarchy. */
final class V1Cgroup implements Cgroup {
    /** Values of limit_in_bytes at or above this are the kernel's "unlimited" (PAGE_COUNTER_MAX). */
    private static final long UNLIMITED_BYTES = Long.MAX_VALUE / 2;
    private final String id;
    private final Map<String, Path> dirs;
    private final Set<Path> distinct;
    private final CgroupTree tree;

    /** @param dirs controller -> this container's directory in that controller's hierarchy */
    V1Cgroup(String id, Map<String, Path> dirs, CgroupTree tree) {
        this.id = id;
        this.dirs = Map.copyOf(dirs);
        this.distinct = new LinkedHashSet<>(dirs.values());
        this.tree = tree;
    }

    @Override
    public String id() {
        return id;
    }

    Map<String, Path> dirs() {
        return dirs;
    }

    @Override
    public void update(dev.minidocker.model.Resources r) {
        Path memory = dirs.get("memory");
        if (r.hasMemory() && memory != null && tree.exists(memory.resolve("memory.memsw.limit_in_bytes"))) {
            // memsw may never be below limit_in_bytes: lift it first, the writer sets it after the limit
            tree.write(memory.resolve("memory.memsw.limit_in_bytes"), "-1");
        }
        new ResourceWriter(tree).applyV1(dirs, r);
    }

    @Override
    public void addProcess(int pid) {
        for (Path dir : distinct) tree.write(dir.resolve("cgroup.procs"), Integer.toString(pid));
    }

    @Override
    public List<Path> procsFiles() {
        return distinct.stream().map(d -> d.resolve("cgroup.procs")).toList();
    }

    @Override
    public boolean oomKilled() {
        Path memory = dirs.get("memory");
        if (memory == null) return false;
        Path control = memory.resolve("memory.oom_control");
        long kills = tree.readKey(control, "oom_kill", -1);
        if (kills >= 0) return kills > 0; // Linux >= 4.13 counts OOM kills
        return tree.readKey(control, "under_oom", 0) > 0 || tree.readLong(memory.resolve("memory.failcnt"), 0) > 0;
    }

    @Override
    public CgroupStats stats() {
        Path cpuacct = dirs.get("cpuacct");
        Path memory = dirs.get("memory");
        Path pids = dirs.get("pids");
        long limit = memory == null ? CgroupStats.UNLIMITED
                : tree.readLong(memory.resolve("memory.limit_in_bytes"), CgroupStats.UNLIMITED);
        return new CgroupStats(
                cpuacct == null ? 0 : tree.readLong(cpuacct.resolve("cpuacct.usage"), 0),
                memory == null ? 0 : tree.readLong(memory.resolve("memory.usage_in_bytes"), 0),
                limit >= UNLIMITED_BYTES ? CgroupStats.UNLIMITED : limit,
                pids == null ? pids().size() : tree.readLong(pids.resolve("pids.current"), 0),
                pids == null ? CgroupStats.UNLIMITED : tree.readLong(pids.resolve("pids.max"), CgroupStats.UNLIMITED));
    }

    @Override
    public List<Integer> pids() {
        Set<Integer> all = new LinkedHashSet<>();
        for (Path dir : distinct) all.addAll(tree.pidsRecursive(dir));
        return new ArrayList<>(all);
    }

    @Override
    public void freeze() {
        Path freezer = dirs.get("freezer");
        if (freezer == null || !tree.exists(freezer)) {
            throw new CgroupException("cannot freeze container " + id + ": the freezer controller is not mounted");
        }
        Path state = freezer.resolve("freezer.state");
        tree.write(state, "FROZEN");
        long deadline = CgroupTree.deadline(V2Cgroup.FREEZE_MILLIS);
        while (!tree.read(state).equals("FROZEN")) {
            if (!CgroupTree.before(deadline)) {
                thaw();
                throw new CgroupException("freeze " + freezer + ": still " + tree.read(state) + " after "
                        + V2Cgroup.FREEZE_MILLIS + " ms");
            }
            CgroupTree.pause();
        }
    }

    @Override
    public void thaw() {
        Path freezer = dirs.get("freezer");
        if (freezer != null && tree.exists(freezer.resolve("freezer.state"))) tree.write(freezer.resolve("freezer.state"), "THAWED");
    }

    @Override
    public void killAll() {
        // Empty (a container whose init has ended, as at every teardown): nothing can fork into it,
        // so no freeze and thaw round trip.
        List<Integer> pids = pids();
        if (pids.isEmpty()) return;
        Path freezer = dirs.get("freezer");
        if (freezer == null || !tree.exists(freezer)) {
            // No freezer: a fork between listing and killing can escape one round, so repeat.
            for (int round = 0; round < 5 && !pids.isEmpty(); round++) {
                CgroupTree.killEach(pids);
                pids = pids();
            }
            return;
        }
        // Freeze first so no task can fork while we list and kill; SIGKILL lands on thaw.
        Path state = freezer.resolve("freezer.state");
        tree.write(state, "FROZEN");
        try {
            long deadline = CgroupTree.deadline(2_000);
            while (!tree.read(state).equals("FROZEN") && CgroupTree.before(deadline)) CgroupTree.pause();
            CgroupTree.killEach(pids());
        } finally {
            tree.write(state, "THAWED");
        }
    }

    @Override
    public void destroy() {
        long deadline = CgroupTree.deadline(CgroupTree.TEARDOWN_MILLIS);
        if (!pids().isEmpty()) {
            killAll();
            while (!pids().isEmpty() && CgroupTree.before(deadline)) CgroupTree.pause();
        }
        for (Path dir : distinct) {
            tree.removeRecursive(dir, deadline);
            tree.removeIfUnused(dir.getParent());
        }
    }

    @Override
    public String toString() {
        return String.valueOf(distinct);
    }
}
