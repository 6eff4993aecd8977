package dev.minidocker.state;

import dev.minidocker.fs.StoreFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An exclusive lock held across processes (flock-style {@link FileChannel#lock}) and across threads
 * of this JVM (the JVM refuses overlapping channel locks within one process, so threads queue on a
 * ReentrantLock per path first).
 */
public final class FileLock implements AutoCloseable {
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();
    /** Created 0600: a lock file others could open, they could flock and so stall every run. */
    private static final java.util.Set<java.nio.file.OpenOption> OPEN =
            java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE);

    private final ReentrantLock threadLock;
    private final FileChannel channel;
    private final java.nio.channels.FileLock lock;

    private FileLock(ReentrantLock threadLock, FileChannel channel, java.nio.channels.FileLock lock) {
        this.threadLock = threadLock;
        this.channel = channel;
        this.lock = lock;
    }

    /** Blocks until the lock on this file is ours; the file is created if missing (its dir is not). */
    public static FileLock acquire(Path file) throws IOException {
        Path key = file.toAbsolutePath().normalize();
        ReentrantLock threadLock = IN_PROCESS.computeIfAbsent(key, k -> new ReentrantLock());
        threadLock.lock();
        FileChannel ch = null;
        try {
            ch = FileChannel.open(key, OPEN, StoreFiles.PRIVATE_FILE);
            return new FileLock(threadLock, ch, ch.lock());
        } catch (IOException | RuntimeException e) {
            if (ch != null) ch.close();
            threadLock.unlock();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            threadLock.unlock();
        }
    }
}
