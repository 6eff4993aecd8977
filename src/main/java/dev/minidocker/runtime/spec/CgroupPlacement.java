package dev.minidocker.runtime.spec;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where stage 2 goes, as cgroup.procs files it writes "0" to (itself). Stage 2 is a JVM: dozens of
 * threads and tens of MB that must not count against the container's --pids-limit or -m, yet the
 * limits must hold before the command's first instruction. So stage 2 joins {@code join} only to
 * unshare its cgroup namespace there (the container sees its own cgroup as "/"), goes back to
 * {@code leave} (the cgroups mini-docker itself runs in) for the set-up, and joins {@code join} again
 * as its last step before execve. The kernel checks pids.max only on fork, never on a move, and
 * memory charged before a move stays with the old cgroup until execve frees it; after execve, only the
 * command is left, inside its limits.
 *
 * @param join  the container's cgroup.procs files (one per hierarchy on cgroup v1)
 * @param leave this process's own cgroup.procs files in the same hierarchies
 */
public record CgroupPlacement(List<String> join, List<String> leave) {
    /** No cgroup: stage 2 stays where it was spawned (tests of the launcher alone). */
    public static final CgroupPlacement NONE = new CgroupPlacement(List.of(), List.of());

    public CgroupPlacement {
        join = List.copyOf(join);
        leave = List.copyOf(leave);
    }

    void writeTo(DataOutputStream out) throws IOException {
        for (List<String> paths : List.of(join, leave)) {
            out.writeInt(paths.size());
            for (String p : paths) out.writeUTF(p);
        }
    }

    static CgroupPlacement readFrom(DataInputStream in) throws IOException {
        List<List<String>> lists = new ArrayList<>(2);
        for (int l = 0; l < 2; l++) {
            int n = in.readInt();
            if (n < 0 || n > 64) throw new IOException("malformed cgroup placement");
            List<String> paths = new ArrayList<>(n);
            for (int i = 0; i < n; i++) paths.add(in.readUTF());
            lists.add(paths);
        }
        return new CgroupPlacement(lists.get(0), lists.get(1));
    }
}
