package dev.minidocker.runtime.init;

import dev.minidocker.runtime.spec.CgroupPlacement;
import java.io.FileOutputStream;
import java.io.IOException;
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
    private final List<Target> join = new ArrayList<>();
    private final List<Target> leave = new ArrayList<>();

    private record Target(String path, FileOutputStream out) {}

    CgroupJoin(CgroupPlacement placement) throws IOException {
        try {
            for (String p : placement.join()) join.add(open(p));
            for (String p : placement.leave()) leave.add(open(p));
        } catch (IOException e) {
            close();
            throw new IOException("open " + e.getMessage(), e);
        }
    }

    /**
     * On cgroup v1, the hierarchy's {@code tasks} file instead of {@code cgroup.procs}: "0" there
     * moves only the calling thread, which spares the kernel the write lock on every thread
     * group (a synchronize_rcu: 5-20 ms per join here). Only this thread needs to move: the cgroup
     * namespace takes the caller's cgroups, execve leaves only this thread, and --init's reaper
     * spawns the command from it. cgroup v2 has no tasks file (threads move only in threaded mode).
     */
    private static Target open(String procs) throws IOException {
        String path = procs;
        if (procs.endsWith("/cgroup.procs")) {
            String tasks = procs.substring(0, procs.length() - "cgroup.procs".length()) + "tasks";
            if (new java.io.File(tasks).exists()) path = tasks;
        }
        return new Target(path, new FileOutputStream(path));
    }

    /** Moves this process into the container's cgroup. */
    void joinContainer() throws IOException {
        moveTo(join);
    }

    /** Moves this process back to the launcher's cgroups. */
    void leaveContainer() throws IOException {
        moveTo(leave);
    }

    private static void moveTo(List<Target> targets) throws IOException {
        for (Target t : targets) {
            try {
                t.out().write(SELF);
            } catch (IOException e) {
                throw new IOException("join cgroup " + t.path() + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void close() {
        for (List<Target> targets : List.of(join, leave)) {
            for (Target t : targets) {
                try {
                    t.out().close();
                } catch (IOException ignored) {
                    // nothing was buffered; the descriptor is gone either way
                }
            }
        }
    }
}
