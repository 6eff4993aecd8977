package dev.minidocker.oci;

import dev.minidocker.InvalidArgumentException;
import dev.minidocker.MiniDockerException;
import dev.minidocker.linux.ProcessSyscalls;
import dev.minidocker.runtime.container.SignalNames;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** `start`, `kill` and `state` of a created container. */
final class OciLifecycle {
    private static final long GATE_WAIT_MILLIS = 10_000;

    private OciLifecycle() {}

    /** Opens the gate: one byte into exec.fifo, whose reader is the waiting stage 2; the FIFO goes, so the state reads "running". */
    static void start(Path root, String id) {
        ContainerState state = ContainerState.load(root, id);
        String status = state.status(root);
        if (!status.equals("created")) throw new InvalidArgumentException("cannot start a container that has " + (status.equals("stopped") ? "stopped" : "already started"));
        Path fifo = ContainerState.dir(root, id).resolve(ContainerState.FIFO);
        // Plain java.io, not FFM (whose set-up costs a short-lived JVM ~30 ms): opening a FIFO for
        // writing blocks only while it has no reader, and stage 2 holds it open read-write until
        // it reads the byte. Should stage 2 die right after the check above, the watchdog ends the wait.
        Thread watchdog = Thread.ofPlatform().daemon().unstarted(new GateWatchdog(id));
        watchdog.start();
        try (FileOutputStream gate = new FileOutputStream(fifo.toFile())) {
            Files.deleteIfExists(fifo);
            gate.write(0);
        } catch (IOException e) {
            throw new MiniDockerException("cannot start container " + id + ": " + e.getMessage(), e);
        }
        watchdog.interrupt();
        Bundle bundle = bundleOrNull(state);
        if (bundle != null) Hooks.run(bundle.hooks(), "poststart", state.toRuncJson(root));
    }

    /** Ends a `start` whose gate no longer has a reader (its container died while being started). */
    private record GateWatchdog(String id) implements Runnable {
        @Override
        public void run() {
            try {
                Thread.sleep(GATE_WAIT_MILLIS);
            } catch (InterruptedException opened) {
                return;
            }
            System.err.println("mini-docker-runtime: cannot start container " + id + ": its init is no longer waiting");
            Runtime.getRuntime().halt(1);
        }
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
