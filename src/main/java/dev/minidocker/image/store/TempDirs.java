package dev.minidocker.image.store;

import dev.minidocker.fs.AtomicFiles;
import dev.minidocker.fs.StoreFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Scratch directories under {@code tmp/}. Each {@code tmp/<name>} has a sibling
 * {@code tmp/<name>.lock} whose flock its owner holds for the directory's whole life; the kernel
 * drops that flock when the owner dies, however it dies. {@link #cleanStale} deletes every
 * directory whose lock it can take, so leftovers of a SIGKILLed pull vanish on the next pull/run
 * while live ones (of this or any other process) stay.
 */
public final class TempDirs {
    /**
     * Lock files this JVM owns. Java's flocks are fcntl locks: closing ANY descriptor of the file
     * in this process would drop them, so the cleaner must not even open these.
     */
    private static final java.util.Set<Path> OWNED = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Path dir;

    public TempDirs(Path dir) {
        this.dir = dir;
    }

    /** A fresh, empty, locked directory; closing it deletes it (unless its content was moved out). */
    public TempDir create(String purpose) {
        try {
            StoreFiles.createDirectories(dir);
            while (true) {
                String name = purpose + "-" + ProcessHandle.current().pid() + "-"
                        + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
                Path lockFile = dir.resolve(name + ".lock").toAbsolutePath();
                OWNED.add(lockFile);
                FileChannel ch = FileChannel.open(lockFile, java.util.Set.of(StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE), StoreFiles.PRIVATE_FILE);
                ch.lock();
                // A cleaner may have taken and deleted the file between create and lock: start over.
                if (!Files.exists(lockFile)) {
                    ch.close();
                    OWNED.remove(lockFile);
                    continue;
                }
                Path path = dir.resolve(name);
                StoreFiles.createDirectory(path);
                return new TempDir(path, lockFile, ch);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("create temp dir in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Deletes directories whose owner is gone; returns how many. Never touches live ones. */
    public int cleanStale() {
        if (!Files.isDirectory(dir)) return 0;
        int cleaned = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.endsWith(".lock")) continue;
                if (removeIfOrphan(entry, dir.resolve(name + ".lock"))) cleaned++;
            }
            // Lock files whose directory is already gone (owner died after deleting it).
            try (DirectoryStream<Path> locks = Files.newDirectoryStream(dir, "*.lock")) {
                for (Path lockFile : locks) {
                    String name = lockFile.getFileName().toString();
                    Path owned = dir.resolve(name.substring(0, name.length() - 5));
                    if (!Files.exists(owned)) removeIfOrphan(owned, lockFile);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("clean " + dir + ": " + e.getMessage(), e);
        }
        return cleaned;
    }

    private static boolean removeIfOrphan(Path path, Path lockFile) throws IOException {
        if (OWNED.contains(lockFile.toAbsolutePath())) return false;
        if (!Files.exists(lockFile)) {
            // The owner creates and locks the lock file before the directory: no lock, no owner.
            AtomicFiles.deleteTree(path);
            return true;
        }
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                return false; // held by this very JVM
            }
            if (lock == null) return false; // held by a live process
            AtomicFiles.deleteTree(path);
            Files.deleteIfExists(lockFile);
            return true;
        } catch (java.nio.file.NoSuchFileException e) {
            return false; // its owner just finished
        }
    }

    /** One owned scratch directory. */
    public static final class TempDir implements AutoCloseable {
        private final Path path;
        private final Path lockFile;
        private final FileChannel channel;
        TempDir(Path path, Path lockFile, FileChannel channel) {
            this.path = path;
            this.lockFile = lockFile;
            this.channel = channel;
        }

        public Path path() {
            return path;
        }

        @Override
        public void close() {
            try {
                AtomicFiles.deleteTree(path);
                Files.deleteIfExists(lockFile);
            } catch (IOException e) {
                throw new UncheckedIOException("remove " + path + ": " + e.getMessage(), e);
            } finally {
                try {
                    channel.close(); // drops the flock too
                } catch (IOException e) {
                    // nothing left to do: the next cleanStale removes what remains
                }
                OWNED.remove(lockFile);
            }
        }
    }
}
