package dev.minidocker.linux.cgroup;

import java.nio.file.Path;
import java.util.List;

/** One container's cgroup (in every hierarchy on v1). */
public interface Cgroup {
    /** The container id this cgroup belongs to. */
    String id();

    /** Moves {@code pid} into the cgroup (cgroup.procs of every hierarchy). */
    void addProcess(int pid);

    /** The cgroup.procs file of each hierarchy (one on v2): writing "0" to all moves the writer in. */
    List<Path> procsFiles();

    /** Whether the kernel's OOM killer has killed a task of this cgroup. */
    boolean oomKilled();

    CgroupStats stats();

    /** Pids of every task in the cgroup and below it. */
    List<Integer> pids();

    /**
     * Freezes every task (v2 cgroup.freeze, v1 freezer.state) and waits until the kernel reports
     * the cgroup frozen, so nothing in it changes its files meanwhile (commit's --pause). A
     * CgroupException when this cgroup cannot be frozen (no freezer) or does not freeze in time.
     */
    void freeze();

    /** Lets the tasks run again; idempotent, and harmless on a cgroup that is gone. */
    void thaw();

    /** Docker's {@code update}: writes the limits of {@code r} (memory, CPU, cpuset, pids) to the live cgroup. */
    default void update(dev.minidocker.model.Resources r) {
        throw new CgroupException("this cgroup's limits cannot be changed");
    }

    /** SIGKILLs every task, atomically with respect to forks (cgroup.kill or the freezer). */
    void killAll();

    /** Kills what is left, waits (bounded) until it is empty and removes it; idempotent. */
    void destroy();
}
