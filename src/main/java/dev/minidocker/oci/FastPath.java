package dev.minidocker.oci;

import dev.minidocker.fs.AtomicFiles;
import dev.minidocker.linux.cgroup.Cgroup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What ./mini-docker-runtime's shell fast path needs to `start` and `delete` a container without a
 * JVM (podman calls create, start and delete for each run; a JVM costs more than runc's whole
 * verb): {@code <state dir>/fast}, written by create only when the container has no poststart
 * or poststop hooks (those need the bundle read). Plain lines the launcher reads with builtins:
 * <pre>
 * pid PID STARTTIME      the init process and its start time (/proc/PID/stat field 22)
 * leaf DIR               a cgroup directory of the container (one per v1 hierarchy)
 * parent DIR             its parent, removed when empty (as Cgroup.destroy does)
 * </pre>
 * The launcher falls back to the JVM whenever anything is not as it expects (no file, the process
 * alive at delete, a cgroup not empty); the JVM's verbs never read this file.
 */
final class FastPath {
    static final String FILE = "fast";

    private FastPath() {}

    static void record(Path stateDir, Bundle bundle, ContainerState state, Cgroup cgroup) throws IOException {
        if (bundle.hooks().containsKey("poststart") || bundle.hooks().containsKey("poststop")) return;
        StringBuilder b = new StringBuilder();
        b.append("pid ").append(state.pid()).append(' ').append(state.startTime()).append('\n');
        Set<Path> parents = new LinkedHashSet<>();
        for (Path procs : cgroup.procsFiles()) {
            Path leaf = procs.getParent();
            if (!safe(leaf)) return;
            b.append("leaf ").append(leaf).append('\n');
            parents.add(leaf.getParent());
        }
        for (Path parent : parents) {
            if (!safe(parent)) return;
            b.append("parent ").append(parent).append('\n');
        }
        AtomicFiles.writeWithoutSync(stateDir.resolve(FILE), b.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** A path the launcher's `read` takes whole: absolute, one line, no spaces. */
    private static boolean safe(Path p) {
        String s = p.toString();
        return s.startsWith("/sys/fs/cgroup/") && !s.contains("\n") && !s.contains(" ") && !s.contains("\t");
    }
}
