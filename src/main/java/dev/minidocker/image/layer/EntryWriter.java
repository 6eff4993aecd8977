package dev.minidocker.image.layer;

import static dev.minidocker.linux.FileFlags.AT_REMOVEDIR;
import static dev.minidocker.linux.FileFlags.AT_SYMLINK_NOFOLLOW;
import static dev.minidocker.linux.FileFlags.O_CLOEXEC;
import static dev.minidocker.linux.FileFlags.O_CREAT;
import static dev.minidocker.linux.FileFlags.O_EXCL;
import static dev.minidocker.linux.FileFlags.O_NOFOLLOW;
import static dev.minidocker.linux.FileFlags.O_WRONLY;
import static dev.minidocker.linux.FileFlags.S_IFDIR;
import static dev.minidocker.linux.FileFlags.S_IFMT;

import dev.minidocker.linux.Errno;
import dev.minidocker.linux.FileSyscalls;
import dev.minidocker.linux.SyscallException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.IntSupplier;

/**
 * Creates single names inside an already-resolved parent directory fd, with tar's replacement
 * rule: a later entry replaces an earlier one of the same name, except that a directory over a
 * directory keeps the existing one. Nothing here follows a symlink: files are created with
 * O_EXCL|O_NOFOLLOW, metadata calls use AT_SYMLINK_NOFOLLOW or the file's own fd.
 */
final class EntryWriter {
    private final FileSyscalls sys;
    private final DirResolver dirs;
    private final byte[] heap;
    private final MemorySegment buffer;

    EntryWriter(FileSyscalls sys, DirResolver dirs, MemorySegment buffer) {
        this.sys = sys;
        this.dirs = dirs;
        this.buffer = buffer;
        this.heap = new byte[(int) buffer.byteSize()];
    }

    /** mkdirat, keeping an existing directory; returns after the name is a directory. */
    void directory(int parent, String name) {
        while (true) {
            try {
                sys.mkdirat(parent, name, 0700);   // final mode is applied at the end
                return;
            } catch (SyscallException e) {
                if (e.errno() != Errno.EEXIST) throw e;
                if ((sys.lstatMode(parent, name) & S_IFMT) == S_IFDIR) return;
                remove(parent, name);
            }
        }
    }

    /** Creates a regular file and streams {@code size} bytes of content into it; returns its fd. */
    int regularFile(int parent, String name, InputStream content, long size) throws IOException {
        int fd = exclusive(parent, name,
                () -> sys.openat(parent, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
        try {
            copy(content, fd, size);
            return fd;
        } catch (IOException | RuntimeException e) {
            sys.close(fd);
            throw e;
        }
    }

    void symlink(int parent, String name, String target) {
        exclusive(parent, name, () -> { sys.symlinkat(target, parent, name); return 0; });
    }

    void hardlink(int targetParent, String targetName, int parent, String name) {
        exclusive(parent, name, () -> { sys.linkat(targetParent, targetName, parent, name, 0); return 0; });
    }

    void node(int parent, String name, int mode, long dev) {
        exclusive(parent, name, () -> { sys.mknodat(parent, name, mode, dev); return 0; });
    }

    /** Runs a create call; on EEXIST removes whatever holds the name and tries once more. */
    private int exclusive(int parent, String name, IntSupplier create) {
        try {
            return create.getAsInt();
        } catch (SyscallException e) {
            if (e.errno() != Errno.EEXIST) throw e;
        }
        remove(parent, name);
        return create.getAsInt();
    }

    /** Removes a name (a directory with everything below it); drops the cached directory fds. */
    void remove(int parent, String name) {
        dirs.invalidate();
        boolean isDir = (sys.lstatMode(parent, name) & S_IFMT) == S_IFDIR;
        try {
            sys.unlinkat(parent, name, isDir ? AT_REMOVEDIR : 0);
            return;
        } catch (SyscallException e) {
            if (!isDir || (e.errno() != Errno.ENOTEMPTY && e.errno() != Errno.EEXIST)) throw e;
        }
        // Rare (a file replacing a populated directory): walk it through the parent fd's magic
        // link; the JDK's tree walk never follows symlinks unless asked to.
        try {
            Files.walkFileTree(Path.of("/proc/self/fd/" + parent, name), new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    if (exc != null) throw exc;
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("remove `" + name + "`", e);
        }
    }

    /** Fills the heap buffer from the tar, then one memcpy + write(2) per buffer. */
    private void copy(InputStream in, int fd, long size) throws IOException {
        long left = size;
        while (left > 0) {
            int fill = 0;
            int want = (int) Math.min(heap.length, left);
            while (fill < want) {
                int n = in.read(heap, fill, want - fill);
                if (n < 0) throw new LayerException("layer tar ends inside a file (" + left + " bytes missing)");
                fill += n;
            }
            MemorySegment.copy(heap, 0, buffer, ValueLayout.JAVA_BYTE, 0, fill);
            sys.writeFully(fd, buffer, fill);
            left -= fill;
        }
    }
}
