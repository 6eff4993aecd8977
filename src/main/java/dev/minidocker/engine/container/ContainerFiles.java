package dev.minidocker.engine.container;

import dev.minidocker.MiniDockerException;
import dev.minidocker.NotFoundException;
import dev.minidocker.engine.Engine;
import dev.minidocker.image.layer.LayerApplier;
import dev.minidocker.image.layer.LayerTarWriter;
import dev.minidocker.image.store.StoredImage;
import dev.minidocker.linux.DirFd;
import dev.minidocker.linux.FileFlags;
import dev.minidocker.linux.FileStat;
import dev.minidocker.linux.ProcessSyscalls;
import dev.minidocker.linux.SyscallException;
import dev.minidocker.runtime.container.ContainerRootView;
import dev.minidocker.state.ContainerRecord;
import dev.minidocker.state.ContainerStore;
import dev.minidocker.state.NoSuchContainerException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * {@code export} and {@code cp} (the API's /export and /archive): a container's files read and
 * written through a {@link ContainerRootView}, every container path resolved inside the
 * container's root (openat2 RESOLVE_IN_ROOT), the last component never followed when read (a
 * symlink is copied as a symlink, as docker cp does) and the tar applied with
 * {@link LayerApplier}, which resolves each entry inside the destination the same way.
 * A running container is seen through its own root (volumes and tmpfs included, as docker cp
 * sees them); a stopped one through a fresh overlay of its layers; export always uses the overlay,
 * so it holds the container's file system and not what is mounted on it (Docker's export too).
 */
final class ContainerFiles {
    private final Engine engine;
    private final ContainerStore store;

    ContainerFiles(Engine engine) {
        this.engine = engine;
        this.store = engine.containerStore();
    }

    void export(String nameOrId, OutputStream out) throws IOException {
        String id = store.resolve(nameOrId);
        try (ContainerRootView root = overlay(id, false)) {
            new LayerTarWriter().write(root.path(), out);
        }
    }

    PathStat stat(String nameOrId, String path) {
        String id = store.resolve(nameOrId);
        try (ContainerRootView root = view(id, false)) {
            return stat(root, nameOrId, path);
        }
    }

    /** The tar of {@code path} (named {@code as}, or its own name) to {@code out}; its stat. */
    PathStat archive(String nameOrId, String path, String as, OutputStream out) throws IOException {
        String id = store.resolve(nameOrId);
        try (ContainerRootView root = view(id, false)) {
            PathStat st = stat(root, nameOrId, path);
            int parent = parent(root, nameOrId, path);
            try {
                new LayerTarWriter().writeNamed(fdPath(parent), baseName(path), as == null ? st.name() : as, out);
            } finally {
                ProcessSyscalls.close(parent);
            }
            return st;
        }
    }

    /** Applies {@code tar} into the directory {@code dir} of the container, which must exist. */
    void extract(String nameOrId, String dir, InputStream tar) throws IOException {
        String id = store.resolve(nameOrId);
        try (ContainerRootView root = view(id, true)) {
            OptionalInt target = root.find(dir);
            if (target.isEmpty()) throw new NotFoundException("Could not find the file " + dir + " in container " + nameOrId);
            try {
                Path p = fdPath(target.getAsInt());
                try (DirFd check = DirFd.open(p.toString())) {
                    // opening it as a directory is the check: a file there is ENOTDIR
                } catch (SyscallException e) {
                    throw new MiniDockerException("extraction point is not a directory: " + dir);
                }
                new LayerApplier().apply(tar, p);
            } finally {
                ProcessSyscalls.close(target.getAsInt());
            }
        }
    }

    /**
     * {@code cp CONTAINER:SRC DEST}: into an existing directory DEST under SRC's name, else as
     * DEST itself (its parent must exist), as docker cp does. The archive is applied on the host
     * with {@link LayerApplier}, so an entry of it cannot leave DEST's directory either.
     */
    void copyOut(String nameOrId, String src, Path dest) throws IOException {
        PathStat st = stat(nameOrId, src);
        Path into;
        String as;
        if (java.nio.file.Files.isDirectory(dest)) {
            into = dest;
            as = st.name();
        } else {
            into = dest.toAbsolutePath().getParent();
            as = dest.getFileName().toString();
            if (into == null || !java.nio.file.Files.isDirectory(into)) {
                throw new MiniDockerException("invalid output path: directory \"" + into + "\" does not exist");
            }
            if (st.isDirectory() && java.nio.file.Files.exists(dest)) {
                throw new MiniDockerException("cannot copy directory to existing file " + dest);
            }
        }
        pipe(out -> archive(nameOrId, src, as, out), in -> new LayerApplier().apply(in, into));
    }

    /** {@code cp SRC CONTAINER:DEST}: into an existing directory DEST under SRC's name, else as DEST. */
    void copyIn(Path src, String nameOrId, String dest) throws IOException {
        Path source = src.toAbsolutePath().normalize();
        if (!java.nio.file.Files.exists(source, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new MiniDockerException("could not find the file " + src + " on the host");
        }
        String into;
        String as;
        PathStat target = null;
        try {
            target = stat(nameOrId, dest);
        } catch (NotFoundException absent) {
            // copied as DEST itself
        }
        if (target != null && (target.isDirectory() || isDirectory(nameOrId, dest))) {
            into = dest;
            as = source.getFileName().toString();
        } else {
            String clean = dest.replaceAll("/+$", "");
            int slash = clean.lastIndexOf('/');
            into = slash <= 0 ? "/" : clean.substring(0, slash);
            as = clean.substring(slash + 1);
            if (target != null && java.nio.file.Files.isDirectory(source)) {
                throw new MiniDockerException("cannot copy directory to existing file " + dest);
            }
        }
        Path parent = source.getParent();
        String name = source.getFileName().toString();
        pipe(out -> new LayerTarWriter().writeNamed(parent, name, as, out), in -> extract(nameOrId, into, in));
    }

    /** Whether {@code path} resolves (symlinks followed, inside the root) to a directory. */
    private boolean isDirectory(String nameOrId, String path) {
        String id = store.resolve(nameOrId);
        try (ContainerRootView root = view(id, false)) {
            OptionalInt fd = root.find(path);
            if (fd.isEmpty()) return false;
            try (DirFd dir = DirFd.open(fdPath(fd.getAsInt()).toString())) {
                return true;
            } catch (SyscallException notADirectory) {
                return false;
            } finally {
                ProcessSyscalls.close(fd.getAsInt());
            }
        }
    }

    private interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private interface Reader {
        void read(InputStream in) throws IOException;
    }

    /** Runs {@code writer} on a second thread into a pipe that {@code reader} consumes here. */
    private static void pipe(Writer writer, Reader reader) throws IOException {
        java.io.PipedInputStream in = new java.io.PipedInputStream(1 << 16);
        java.io.PipedOutputStream out = new java.io.PipedOutputStream(in);
        java.util.concurrent.atomic.AtomicReference<Exception> failed = new java.util.concurrent.atomic.AtomicReference<>();
        Thread t = Thread.ofPlatform().name("cp-archive").start(() -> {
            try (out) {
                writer.write(out);
            } catch (Exception e) {
                failed.set(e);
            }
        });
        try {
            reader.read(in);
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException | RuntimeException e) {
            in.close();
            joinQuietly(t);
            if (failed.get() != null) e.addSuppressed(failed.get());
            throw e;
        }
        joinQuietly(t);
        Exception e = failed.get();
        if (e instanceof IOException io) throw io;
        if (e instanceof RuntimeException r) throw r;
        if (e != null) throw new IOException(e);
    }

    private static void joinQuietly(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private PathStat stat(ContainerRootView root, String nameOrId, String path) {
        int parent = parent(root, nameOrId, path);
        try (DirFd dir = DirFd.open(fdPath(parent).toString())) {
            String base = baseName(path);
            FileStat st;
            try {
                st = dir.stat(base);
            } catch (SyscallException e) {
                throw new NotFoundException("Could not find the file " + path + " in container " + nameOrId);
            }
            String link = st.isSymlink() ? dir.readlink(base) : "";
            return new PathStat(base.equals(".") ? "/" : base, st.size(), goMode(st), st.mtimeSec(), link);
        } finally {
            ProcessSyscalls.close(parent);
        }
    }

    /** The directory holding {@code path}'s last component, resolved inside the root. */
    private static int parent(ContainerRootView root, String nameOrId, String path) {
        String clean = path.replaceAll("/+$", "");
        int slash = clean.lastIndexOf('/');
        String parent = slash <= 0 ? "/" : clean.substring(0, slash);
        OptionalInt fd = root.find(parent);
        if (fd.isEmpty()) throw new NotFoundException("Could not find the file " + path + " in container " + nameOrId);
        return fd.getAsInt();
    }

    private static String baseName(String path) {
        String clean = path.replaceAll("/+$", "");
        String base = clean.substring(clean.lastIndexOf('/') + 1);
        return base.isEmpty() ? "." : base;
    }

    private static Path fdPath(int fd) {
        return Path.of("/proc/self/fd/" + fd);
    }

    private static long goMode(FileStat st) {
        long m = st.permissions() & 0777;
        if ((st.permissions() & 04000) != 0) m |= PathStat.GO_SETUID;
        if ((st.permissions() & 02000) != 0) m |= PathStat.GO_SETGID;
        if ((st.permissions() & 01000) != 0) m |= PathStat.GO_STICKY;
        switch (st.type()) {
            case FileFlags.S_IFDIR -> m |= PathStat.GO_DIR;
            case FileFlags.S_IFLNK -> m |= PathStat.GO_SYMLINK;
            case FileFlags.S_IFIFO -> m |= PathStat.GO_PIPE;
            case FileFlags.S_IFSOCK -> m |= PathStat.GO_SOCKET;
            case FileFlags.S_IFCHR -> m |= PathStat.GO_DEVICE | PathStat.GO_CHAR;
            case FileFlags.S_IFBLK -> m |= PathStat.GO_DEVICE;
            default -> { }
        }
        return m;
    }

    /** A running container's own view, else the overlay (writable when asked). */
    private ContainerRootView view(String id, boolean writable) {
        ContainerRecord rec = record(id);
        if (rec.image() == null) return ContainerRootView.directory(Path.of(rec.hostConfig().rootfs()));
        return ContainerRootView.live(store, id).orElseGet(() -> overlay(id, writable));
    }

    private ContainerRootView overlay(String id, boolean writable) {
        ContainerRecord rec = record(id);
        if (rec.image() == null) return ContainerRootView.directory(Path.of(rec.hostConfig().rootfs()));
        StoredImage image = engine.imageStore().find(rec.image())
                .orElseThrow(() -> new MiniDockerException("the image of container " + id + " is gone"));
        List<String> lower = new ArrayList<>();
        for (Path p : image.layerDirs().reversed()) lower.add(p.toString());
        return ContainerRootView.mounted(store, id, lower, writable);
    }

    /** {@code diff}: the container's changes against its image (see {@link ContainerDiff}). */
    List<ContainerChange> diff(String nameOrId) throws IOException {
        String id = store.resolve(nameOrId);
        ContainerRecord rec = record(id);
        if (rec.image() == null) {
            throw new MiniDockerException("container " + nameOrId + " runs from a plain directory (-r): it has no image to compare with");
        }
        StoredImage image = engine.imageStore().find(rec.image())
                .orElseThrow(() -> new MiniDockerException("the image of container " + nameOrId + " is gone"));
        Path upper = store.containerDir(id).resolve("upper");
        if (!java.nio.file.Files.isDirectory(upper)) throw new MiniDockerException("container " + nameOrId + " has no file system (removed?)");
        return ContainerDiff.of(upper, image.layerDirs().reversed());
    }

    private ContainerRecord record(String id) {
        return store.load(id).orElseThrow(() -> new NoSuchContainerException(id));
    }
}
