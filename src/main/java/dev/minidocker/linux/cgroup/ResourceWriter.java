package dev.minidocker.linux.cgroup;

import dev.minidocker.model.Resources;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one place that turns {@link Resources} into cgroup files, v1 and v2 side by side: which
 * controller each limit needs (and the flag to name when it is missing), and what it writes. A
 * new limit is a field of Resources plus lines here; the managers only make the directories,
 * check the controllers this class asks for, and call {@link #applyV1} or {@link #applyV2}.
 */
final class ResourceWriter {
    /** A limit that needs {@code controller}; {@code flag} names it in the error when the host lacks it. */
    record Need(String flag, String controller) {}

    private final CgroupTree tree;

    ResourceWriter(CgroupTree tree) {
        this.tree = tree;
    }

    /** The controllers the limits set in {@code r} need, in the order of run's flags. */
    static List<Need> needs(Resources r) {
        List<Need> needs = new ArrayList<>();
        if (r.hasMemory()) needs.add(new Need("--memory", "memory"));
        if (r.memoryReservation() > 0) needs.add(new Need("--memory-reservation", "memory"));
        if (r.hasCpus()) needs.add(new Need("--cpus", "cpu"));
        if (r.cpuQuota() > 0) needs.add(new Need("--cpu-quota", "cpu"));
        if (r.hasShares()) needs.add(new Need("--cpu-shares", "cpu"));
        if (r.hasCpuset()) needs.add(new Need("--cpuset-cpus", "cpuset"));
        if (r.hasPids()) needs.add(new Need("--pids-limit", "pids"));
        return needs;
    }

    /** The parsed --cpuset-cpus, or a CgroupException with Docker's message. */
    static CpuSet requestedCpuset(Resources r) {
        try {
            CpuSet set = CpuSet.parse(r.cpusetCpus());
            if (set.isEmpty()) throw new IllegalArgumentException(r.cpusetCpus());
            return set;
        } catch (IllegalArgumentException e) {
            throw new CgroupException("Invalid value " + r.cpusetCpus() + " for cpuset cpus");
        }
    }

    /** Checks the requested CPUs against those the parent cgroup allows. */
    static void checkCpusetWithin(Resources r, CpuSet allowed) {
        if (!allowed.containsAll(requestedCpuset(r))) {
            throw new CgroupException("Requested CPUs are not available - requested "
                    + r.cpusetCpus() + ", available: " + allowed);
        }
    }

    /** cgroup v1: {@code dirs} maps each mounted controller to the container's directory in it. */
    void applyV1(Map<String, Path> dirs, Resources r) {
        if (r.hasCpuset()) tree.write(dirs.get("cpuset").resolve("cpuset.cpus"), requestedCpuset(r).toString());
        Path memory = dirs.get("memory");
        if (memory != null) {
            if (r.hasMemory()) {
                // Order matters: memsw must never be below limit_in_bytes, and both start unlimited.
                tree.write(memory.resolve("memory.limit_in_bytes"), Long.toString(r.memory()));
                Path memsw = memory.resolve("memory.memsw.limit_in_bytes");
                if (r.hasSwap() && (r.limitsSwap() || tree.exists(memsw))) {
                    tree.write(memsw, Long.toString(r.memorySwap()));
                } else if (tree.exists(memsw)) {
                    tree.write(memsw, Long.toString(2 * r.memory())); // Docker's default
                }
            }
            if (r.memoryReservation() > 0) {
                tree.write(memory.resolve("memory.soft_limit_in_bytes"), Long.toString(r.memoryReservation()));
            }
            // Kill on OOM rather than pause the tasks forever (oom_kill_disable = 0).
            tree.write(memory.resolve("memory.oom_control"), "0");
        }
        if (r.hasCpuQuota()) {
            Path cpu = dirs.get("cpu");
            tree.write(cpu.resolve("cpu.cfs_period_us"), Long.toString(Resources.CPU_PERIOD_US));
            tree.write(cpu.resolve("cpu.cfs_quota_us"), Long.toString(r.cpuQuotaMicros()));
        }
        if (r.hasShares()) tree.write(dirs.get("cpu").resolve("cpu.shares"), Long.toString(r.cpuShares()));
        if (r.pidsLimit() != null && dirs.containsKey("pids")) {
            tree.write(dirs.get("pids").resolve("pids.max"), r.pidsMax());
        }
    }

    /**
     * cgroup v2: {@code dir} is the container's cgroup; {@code allowedCpus} what its parent allows
     * (read only when --cpuset-cpus is set, else null).
     */
    void applyV2(Path dir, Resources r, CpuSet allowedCpus) {
        if (r.hasMemory()) {
            tree.write(dir.resolve("memory.max"), Long.toString(r.memory()));
            Path swapMax = dir.resolve("memory.swap.max");
            if (r.hasSwap() && (r.limitsSwap() || tree.exists(swapMax))) {
                if (!tree.exists(swapMax)) {
                    throw new CgroupException("cannot apply --memory-swap: this kernel has no swap "
                            + "accounting (memory.swap.max is missing in " + dir + ")");
                }
                long swap = r.memorySwap();
                tree.write(swapMax, swap == -1 ? "max" : Long.toString(swap - r.memory()));
            } else if (tree.exists(swapMax)) {
                // Docker's default for -m alone: as much swap as memory (memory+swap = 2 x -m).
                tree.write(swapMax, Long.toString(r.memory()));
            }
        }
        // as runc maps it: the reservation is the memory the kernel protects from reclaim
        if (r.memoryReservation() > 0) tree.write(dir.resolve("memory.low"), Long.toString(r.memoryReservation()));
        if (r.hasCpuQuota()) tree.write(dir.resolve("cpu.max"), r.cpuQuotaMicros() + " " + Resources.CPU_PERIOD_US);
        if (r.hasShares()) tree.write(dir.resolve("cpu.weight"), Long.toString(r.cpuWeight()));
        if (r.hasCpuset()) {
            checkCpusetWithin(r, allowedCpus);
            tree.write(dir.resolve("cpuset.cpus"), requestedCpuset(r).toString());
        }
        if (r.pidsLimit() != null && tree.exists(dir.resolve("pids.max"))) {
            tree.write(dir.resolve("pids.max"), r.pidsMax());
        }
    }
}
