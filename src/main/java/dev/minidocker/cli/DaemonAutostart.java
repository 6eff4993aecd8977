package dev.minidocker.cli;

import dev.minidocker.daemon.DaemonClient;
import dev.minidocker.linux.ProcessIdentity;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The default fast path: a foreground run that found no daemon runs in its own process (CLI JVM
 * plus a stage 2 JVM) and, once its container has ended, leaves the store's daemon starting in
 * the background, as {@code run -d} starts it on demand. The next run goes to it (cli/RemoteRun):
 * one lean client JVM, a stage 2 already waiting.
 *
 * <p>Why after the run and not before: measured on 2 cores, the daemon answers ~0.7 s after its
 * spawn and its start-up costs about a second of CPU; waiting for it would make the first run
 * slower than running in-process, and starting it alongside slows the in-process run by the CPU
 * it takes. Started after the container's end, it delays nothing the user waits for.
 *
 * <p>Only the real command does this ({@link Main#main}): tests call {@link Main#run} in their
 * own JVM and must not leave daemons behind. Not with {@code MINIDOCKER_IN_PROCESS=1} (runs stay
 * in-process, nothing is started) nor {@code MINIDOCKER_NO_DAEMON=1}, nor without root (no run
 * happened). It goes away with {@code mini-docker daemon stop}.
 */
final class DaemonAutostart {
    /** Set by {@link Main#prepare}: this JVM is the mini-docker command itself. */
    static volatile boolean enabled;

    private DaemonAutostart() {}

    static void afterInProcessRun(Path root) {
        if (!enabled || "1".equals(System.getenv("MINIDOCKER_IN_PROCESS")) || "1".equals(System.getenv("MINIDOCKER_NO_DAEMON"))) return;
        try {
            if (ProcessIdentity.effectiveUid() != 0 || !Files.isDirectory(root)) return;
            DaemonClient.startInBackground(root);
        } catch (RuntimeException e) {
            // the next run runs in-process again, and says so in its own errors if it matters
        }
    }
}
