package dev.minidocker.oci;

import dev.minidocker.InvalidArgumentException;
import dev.minidocker.MiniDockerException;
import dev.minidocker.linux.ProcessSyscalls;
import dev.minidocker.linux.SyscallException;
import dev.minidocker.runtime.container.SignalNames;
import java.nio.file.Files;
import java.nio.file.Path;

/** `start`, `kill` and `state` of a created container. */
final class OciLifecycle {
    private static final int O_WRONLY_NONBLOCK_CLOEXEC = 1 | 04000 | 02000000;

    private OciLifecycle() {}

    /** Opens the gate: one byte into exec.fifo, whose reader is the waiting stage 2; the FIFO goes, so the state reads "running". */
    static void start(Path root, String id) {
        ContainerState state = ContainerState.load(root, id);
        String status = state.status(root);
        if (!status.equals("created")) throw new InvalidArgumentException("cannot start a container that has " + (status.equals("stopped") ? "stopped" : "already started"));
        Path fifo = ContainerState.dir(root, id).resolve(ContainerState.FIFO);
        int fd;
        try {
            fd = ProcessSyscalls.open(fifo.toString(), O_WRONLY_NONBLOCK_CLOEXEC);
        } catch (SyscallException e) {
            throw new MiniDockerException("cannot start container " + id + ": its init is no longer waiting (" + e.getMessage() + ")", e);
        }
        try {
            Files.deleteIfExists(fifo);
            ProcessSyscalls.writeFully(fd, new byte[] {0}, 0, 1);
        } catch (java.io.IOException e) {
            throw new MiniDockerException("cannot remove " + fifo + ": " + e.getMessage(), e);
        } finally {
            ProcessSyscalls.close(fd);
        }
        Bundle bundle = bundleOrNull(state);
        if (bundle != null) Hooks.run(bundle.hooks(), "poststart", state.toRuncJson(root));
    }

    /** The bundle's hooks as config.json has them now (null if the bundle is gone). */
    static Bundle bundleOrNull(ContainerState state) {
        if (!Files.isRegularFile(Path.of(state.bundle(), "config.json"))) return null;
        try {
            return BundleReader.read(state.bundle(), state.id(), null);
        } catch (RuntimeException e) {
            return null;
        }
    }

    static void kill(Path root, String id, String signal, boolean all) {
        ContainerState state = ContainerState.load(root, id);
        int signo = SignalNames.parse(signal);
        if (!state.alive()) throw new InvalidArgumentException("container not running");
        if (all) {
            OciCgroups.signalAll(state, signo);
            return;
        }
        ProcessSyscalls.kill(state.pid(), signo);
    }

    static String state(Path root, String id) {
        return ContainerState.load(root, id).toRuncJson(root);
    }
}
