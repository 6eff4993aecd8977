package dev.minidocker.runtime.init;

import dev.minidocker.linux.Syscalls;
import dev.minidocker.runtime.spec.CgroupPlacement;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Stage 2's moves in the cgroup tree (see {@link CgroupPlacement} for why). The files are opened at
 * once, while the host's /sys/fs/cgroup is still visible and before the cgroup namespace exists, and
 * written later by descriptor: after pivot_root and from inside the namespace.
 */
final class CgroupJoin implements AutoCloseable {
    private static final byte[] SELF = "0".getBytes(StandardCharsets.US_ASCII);
    private final Syscalls sys;
    private final List<Target> join = new ArrayList<>();
    private final List<Target> leave = new ArrayList<>();

    private record Target(String path, Syscalls.OpenFile file) {}

    CgroupJoin(Syscalls sys, CgroupPlacement placement) {
        this.sys = sys;
        try {
            for (String p : placement.join()) join.add(open(p));
            for (String p : placement.leave()) leave.add(open(p));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * On cgroup v1, the hierarchy's {@code tasks} file instead of {@code cgroup.procs}: "0" there
     * moves only the calling thread, which spares the kernel the write lock on every thread
     * group (a synchronize_rcu: 5-20 ms per join here). Only this thread needs to move: the cgroup
     * namespace takes the caller's cgroups, execve leaves only this thread, and --init's reaper
     * spawns the command from it. cgroup v2 has no tasks file (threads move only in threaded mode).
     */
    private Target open(String procs) {
        String path = procs;
        if (procs.endsWith("/cgroup.procs")) {
            String tasks = procs.substring(0, procs.length() - "cgroup.procs".length()) + "tasks";
            if (sys.exists(tasks)) path = tasks;
        }
        return new Target(path, sys.openForWriting(path));
    }

    /** Moves this process into the container's cgroup. */
    void joinContainer() {
        moveTo(join);
    }

    /** Moves this process back to the launcher's cgroups. */
    void leaveContainer() {
        moveTo(leave);
    }

    private static void moveTo(List<Target> targets) {
        for (Target t : targets) {
            try {
                t.file().write(SELF);
            } catch (UncheckedIOException e) {
                throw new UncheckedIOException("join cgroup " + e.getMessage(), e.getCause());
            }
        }
    }

    /** Closes the files; a second close does nothing. */
    @Override
    public void close() {
        for (List<Target> targets : List.of(join, leave)) {
            for (Target t : targets) t.file().close();
            targets.clear();
        }
    }
}
