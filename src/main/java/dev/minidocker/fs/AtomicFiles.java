package dev.minidocker.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.ThreadLocalRandom;

/**
 * File operations shared by every store on disk (images, layers, containers, networks). Writes that
 * readers never see half-done: write a sibling temp file, fsync it, rename it over the target, fsync
 * the directory. A crash leaves either the old or the new content (and perhaps a {@code .tmp-}
 * sibling, which nobody reads and {@link #removeOrphanTempFiles} removes). The files are 0600: store
 * records are root's alone (see {@link StoreFiles}).
 */
public final class AtomicFiles {
    private static final java.util.Set<java.nio.file.OpenOption> NEW_FILE =
            java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);

    private AtomicFiles() {}

    /**
     * Replaces {@code target} with {@code content}. The parent directory must exist: a container
     * record removed meanwhile must fail the write, not come back as a directory with one file.
     */
    public static void write(Path target, byte[] content) throws IOException {
        write(target, content, true);
    }

    /**
     * Replaces {@code target} atomically for readers (temp + rename) but without the fsyncs, which
     * cost ~5-10 ms a write on a plain disk: for files a power failure makes worthless anyway, such as
     * a container's running/exited state (the OCI runtime spec keeps state on tmpfs) and the record of
     * a {@code --rm} container, which lives only as long as its process.
     */
    public static void writeWithoutSync(Path target, byte[] content) throws IOException {
        write(target, content, false);
    }

    private static void write(Path target, byte[] content, boolean durable) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = dir.resolve(".tmp-" + target.getFileName() + "-" + ProcessHandle.current().pid()
                + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            try (FileChannel ch = FileChannel.open(tmp, NEW_FILE, StoreFiles.PRIVATE_FILE)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) ch.write(buf);
                if (durable) ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot replace " + target + " atomically", e);
        } finally {
            Files.deleteIfExists(tmp);
        }
        if (durable) fsyncDirectory(dir);
    }

    /** Deletes {@code .tmp-<name>-<pid>-<random>} files in {@code dir} whose writer is dead. */
    public static void removeOrphanTempFiles(Path dir) {
        if (!Files.isDirectory(dir)) return;
        try (var files = Files.newDirectoryStream(dir, ".tmp-*")) {
            for (Path f : files) {
                String[] parts = f.getFileName().toString().split("-");
                if (parts.length < 3) continue;
                try {
                    long pid = Long.parseLong(parts[parts.length - 2]);
                    if (ProcessHandle.of(pid).isEmpty()) Files.deleteIfExists(f);
                } catch (NumberFormatException | IOException e) {
                    // not ours, or already gone
                }
            }
        } catch (IOException e) {
            // best effort: leftovers are never read
        }
    }

    /** Makes a rename inside {@code dir} durable. */
    public static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some filesystems refuse fsync on a directory; the rename itself is still atomic.
        }
    }

    /** Deletes a tree without following symbolic links; a missing path is not an error. */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                deleteQuietly(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                if (exc instanceof NoSuchFileException) return FileVisitResult.CONTINUE;
                throw exc;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null && !(exc instanceof NoSuchFileException)) throw exc;
                deleteQuietly(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void deleteQuietly(Path p) throws IOException {
        try {
            Files.delete(p);
        } catch (NoSuchFileException e) {
            // already gone: fine
        }
    }
}
