package dev.minidocker.image.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Named locks that hold across threads AND processes. A {@link FileLock} is per process (Java
 * even refuses two overlapping shared locks in one JVM), so each name has a JVM read-write lock
 * taken first, and the flock on {@code locks/<name>.lock} is taken by the first holder in this
 * JVM and dropped by the last. The kernel releases flocks when a process dies, so a SIGKILLed
 * pull never leaves a lock held.
 */
public final class StoreLocks {
    private static final ConcurrentHashMap<Path, Entry> ENTRIES = new ConcurrentHashMap<>();
    private final Path dir;

    public StoreLocks(Path dir) {
        this.dir = dir;
    }

    /** Blocks until this thread holds {@code name} alone (against threads and processes). */
    public Held exclusive(String name) {
        return acquire(name, false);
    }

    /** Blocks until this thread holds {@code name} shared with other shared holders. */
    public Held shared(String name) {
        return acquire(name, true);
    }

    private Held acquire(String name, boolean shared) {
        Path file = dir.resolve(name + ".lock");
        Entry e = ENTRIES.computeIfAbsent(file, Entry::new);
        var jvm = shared ? e.rw.readLock() : e.rw.writeLock();
        jvm.lock();
        try {
            synchronized (e) {
                if (e.holders++ == 0) e.open(shared);
            }
        } catch (IOException ex) {
            synchronized (e) {
                e.holders--;
            }
            jvm.unlock();
            throw new UncheckedIOException("lock " + file + ": " + ex.getMessage(), ex);
        }
        return new Held(e, jvm);
    }

    private static final class Entry {
        final Path file;
        final ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
        int holders;
        FileChannel channel;
        FileLock lock;

        Entry(Path file) {
            this.file = file;
        }

        void open(boolean shared) throws IOException {
            Files.createDirectories(file.getParent());
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.READ);
            try {
                lock = ch.lock(0, Long.MAX_VALUE, shared);
                channel = ch;
            } catch (IOException | RuntimeException ex) {
                ch.close();
                throw ex;
            }
        }

        void close() {
            try {
                if (lock != null) lock.release();
                if (channel != null) channel.close();
            } catch (IOException ex) {
                // closing the channel drops the flock regardless
            }
            lock = null;
            channel = null;
        }
    }

    /** A held lock; close it exactly once. */
    public static final class Held implements AutoCloseable {
        private final Entry entry;
        private final java.util.concurrent.locks.Lock jvm;
        private boolean closed;

        Held(Entry entry, java.util.concurrent.locks.Lock jvm) {
            this.entry = entry;
            this.jvm = jvm;
        }

        @Override
        public void close() {
            if (closed) return;
            closed = true;
            try {
                synchronized (entry) {
                    if (--entry.holders == 0) entry.close();
                }
            } finally {
                jvm.unlock();
            }
        }
    }
}
