package dev.minidocker.oci;

import dev.minidocker.InvalidArgumentException;
import dev.minidocker.NotFoundException;
import dev.minidocker.linux.ProcessSyscalls;
import dev.minidocker.linux.Signals;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** `delete [--force]`: the cgroup, the poststop hooks, the state directory. */
final class OciDelete {
    private static final long KILL_WAIT_MILLIS = 10_000;

    private OciDelete() {}

    static void delete(Path root, String id, boolean force) {
        ContainerState state;
        try {
            state = ContainerState.load(root, id);
        } catch (NotFoundException e) {
            // runc: with --force, a container that never got a state (an aborted create) is no error.
            if (!force) throw e;
            removeDirectory(ContainerState.dir(root, id));
            return;
        }
        String status = state.status(root);
        if (!status.equals("stopped")) {
            if (!force) throw new InvalidArgumentException("cannot delete container " + id + " that is not stopped: " + status);
            OciCgroups.signalAll(state, Signals.SIGKILL);
            ProcessSyscalls.kill(state.pid(), Signals.SIGKILL);
            long deadline = System.currentTimeMillis() + KILL_WAIT_MILLIS;
            while (state.alive() && System.currentTimeMillis() < deadline) pause();
        }
        OciCgroups.open(state).ifPresent(c -> c.destroy());
        Bundle bundle = OciLifecycle.bundleOrNull(state);
        try {
            if (bundle != null) Hooks.run(bundle.hooks(), "poststop", state.toRuncJson(root));
        } finally {
            removeDirectory(ContainerState.dir(root, id));
        }
    }

    static void removeDirectory(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new dev.minidocker.MiniDockerException("cannot remove " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
