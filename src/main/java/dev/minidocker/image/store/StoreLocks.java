package dev.minidocker.image.store;

import dev.minidocker.fs.StoreFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Named locks that hold across threads AND processes. A {@link FileLock} is per process (Java
 * even refuses two overlapping shared locks in one JVM), so each name also has a count of its
 * holders in this JVM: the flock on {@code locks/<name>.lock} is taken by the first holder and
 * dropped by the last. The kernel releases flocks when a process dies, so a SIGKILLed pull never
 * leaves a lock held.
 *
 * <p>A hold belongs to no thread: a run takes {@code gc} shared on the thread that looks its image
 * up and drops it on the one that wrote its container record. Shared holds nest (a run that pulls
 * takes {@code gc} shared twice); an exclusive one waits until no one in this JVM holds the name.
 */
public final class StoreLocks {
    private static final ConcurrentHashMap<Path, Entry> ENTRIES = new ConcurrentHashMap<>();
    private final Path dir;

    public StoreLocks(Path dir) {
        this.dir = dir;
    }

    /** Blocks until this holder has {@code name} alone (against threads and processes). */
    public Held exclusive(String name) {
        return acquire(name, false);
    }

    /** Blocks until this holder has {@code name} shared with other shared holders. */
    public Held shared(String name) {
        return acquire(name, true);
    }

    private Held acquire(String name, boolean shared) {
        Path file = dir.resolve(name + ".lock");
        Entry e = ENTRIES.computeIfAbsent(file, Entry::new);
        try {
            e.enter(shared);
        } catch (IOException ex) {
            throw new UncheckedIOException("lock " + file + ": " + ex.getMessage(), ex);
        }
        return new Held(e);
    }

    /** One lock file: its holders in this JVM, and the flock they share while there are any. */
    private static final class Entry {
        final Path file;
        int sharedHolders;
        boolean heldExclusively;
        FileChannel channel;
        FileLock lock;

        Entry(Path file) {
            this.file = file;
        }

        synchronized void enter(boolean shared) throws IOException {
            boolean interrupted = false;
            while (heldExclusively || (!shared && sharedHolders > 0)) {
                try {
                    wait();
                } catch (InterruptedException ie) {
                    interrupted = true; // like Lock.lock(): wait on, keep the interrupt for the caller
                }
            }
            if (interrupted) Thread.currentThread().interrupt();
            // The first holder in this JVM takes the flock; blocking here keeps the others waiting too.
            if (sharedHolders == 0) openFlock(shared);
            if (shared) sharedHolders++; else heldExclusively = true;
        }

        synchronized void exit() {
            if (heldExclusively) heldExclusively = false; else sharedHolders--;
            if (sharedHolders == 0) closeFlock();
            notifyAll();
        }

        private void openFlock(boolean shared) throws IOException {
            StoreFiles.createDirectories(file.getParent());
            FileChannel ch = FileChannel.open(file, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.READ), StoreFiles.PRIVATE_FILE);
            try {
                lock = ch.lock(0, Long.MAX_VALUE, shared);
                channel = ch;
            } catch (IOException | RuntimeException ex) {
                ch.close();
                throw ex;
            }
        }

        private void closeFlock() {
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

    /** A held lock; close it once, from any thread (a second close does nothing). */
    public static final class Held implements AutoCloseable {
        private final Entry entry;
        private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

        Held(Entry entry) {
            this.entry = entry;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) entry.exit();
        }
    }
}
