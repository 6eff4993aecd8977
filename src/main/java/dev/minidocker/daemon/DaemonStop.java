package dev.minidocker.daemon;

import dev.minidocker.MiniDockerException;
import dev.minidocker.linux.ProcessSyscalls;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code mini-docker daemon stop}: SIGTERM to the store's daemon (the pid in daemon.json, while the
 * daemon's lock is held), then waits until it has let go of the lock. The daemon's SIGTERM path
 * stops serving and kills its waiting stage 2s; containers keep running and the next daemon
 * adopts them, as after any daemon stop.
 */
public final class DaemonStop {
    private static final int SIGTERM = 15;

    private DaemonStop() {}

    /** Stops the daemon of {@code root}; false when none ran. */
    public static boolean stop(Path root, Duration timeout) {
        DaemonPaths paths = new DaemonPaths(root);
        long deadline = System.nanoTime() + timeout.toNanos();
        if (!DaemonLock.isHeld(paths.lockFile())) return false;
        DaemonInfo info = DaemonClient.readInfo(paths);
        while (info == null) { // starting: daemon.json comes once it listens
            if (!DaemonLock.isHeld(paths.lockFile())) return true;
            if (System.nanoTime() > deadline) throw new MiniDockerException("the daemon of " + root + " holds its lock but wrote no " + paths.infoFile());
            pause();
            info = DaemonClient.readInfo(paths);
        }
        if (info.pid() <= 0 || info.pid() > Integer.MAX_VALUE) throw new MiniDockerException("no valid pid in " + paths.infoFile());
        int pid = (int) info.pid();
        ProcessSyscalls.kill(pid, SIGTERM);
        // Its lock goes in its shutdown hook, its process a moment later: wait for both.
        while (DaemonLock.isHeld(paths.lockFile()) || ProcessSyscalls.kill(pid, 0)) {
            if (System.nanoTime() > deadline) {
                throw new MiniDockerException("the daemon of " + root + " (pid " + info.pid() + ") did not stop within "
                        + timeout.toSeconds() + " s");
            }
            pause();
        }
        return true;
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MiniDockerException("interrupted while waiting for the daemon to stop");
        }
    }
}
