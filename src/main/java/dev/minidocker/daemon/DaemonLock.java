package dev.minidocker.daemon;

import dev.minidocker.MiniDockerException;
import dev.minidocker.fs.StoreFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The lock that makes a daemon the only one for its store root. Held for the daemon's life; the
 * kernel drops it when the process dies, however it dies, so a crashed daemon never blocks the next.
 */
final class DaemonLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private DaemonLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock or fails at once, naming the daemon that holds it. */
    static DaemonLock acquire(DaemonPaths paths) {
        try {
            StoreFiles.createDirectories(paths.root());
            FileChannel ch = FileChannel.open(paths.lockFile(), java.util.Set.of(StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE), StoreFiles.PRIVATE_FILE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // this JVM already runs a daemon for the root
            }
            if (lock == null) {
                ch.close();
                throw new MiniDockerException("a mini-docker daemon is already running for " + paths.root()
                        + DaemonClient.describeRunning(paths));
            }
            return new DaemonLock(ch, lock);
        } catch (IOException e) {
            throw new MiniDockerException("cannot lock " + paths.lockFile() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // the kernel releases it when we exit anyway
        }
    }

    static boolean isHeld(Path lockFile) {
        if (!Files.exists(lockFile)) return false;
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock probe = ch.tryLock();
            if (probe == null) return true;
            probe.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
