package dev.minidocker.image.layer;

import static dev.minidocker.linux.FileFlags.O_CLOEXEC;
import static dev.minidocker.linux.FileFlags.O_DIRECTORY;
import static dev.minidocker.linux.FileFlags.O_RDONLY;
import static dev.minidocker.linux.FileFlags.S_IFBLK;
import static dev.minidocker.linux.FileFlags.S_IFCHR;
import static dev.minidocker.linux.FileFlags.S_IFIFO;

import dev.minidocker.linux.FileFlags;
import dev.minidocker.linux.FileSyscalls;
import dev.minidocker.linux.LinuxFileSyscalls;
import dev.minidocker.linux.SyscallException;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Streams an uncompressed layer tar into an empty directory: whiteouts become OverlayFS
 * whiteouts (char device 0:0, {@code trusted.overlay.opaque=y}), every name is created with *at
 * calls under a parent resolved inside the layer root (see {@link DirResolver}), and hostile
 * entries ({@code ..}, absolute names, escaping links) fail the whole layer with a
 * {@link LayerException}. The caller deletes the target directory on failure.
 */
public final class LayerApplier {
    private static final int BUFFER_SIZE = 1 << 20;
    private static final String WHITEOUT = ".wh.", OPAQUE = ".wh..wh..opq", WHITEOUT_META = ".wh..wh.";
    private static final String ENTRY = "layer entry ";

    private final FileSyscalls sys;

    public LayerApplier() {
        this(new LinuxFileSyscalls());
    }

    public LayerApplier(FileSyscalls sys) {
        this.sys = sys;
    }

    /**
     * Reads an uncompressed tar stream to its very end (the caller hashes it for the DiffID) and
     * writes it into {@code targetDir}, which exists and is empty. Does not close {@code tar}.
     */
    public LayerStats apply(InputStream tar, Path targetDir) throws IOException {
        int rootFd = sys.open(targetDir.toString(), O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
        long entries = 0, bytes = 0;
        // The read-ahead thread pulls the caller's stream (download, hashes, decompression) while
        // this thread creates files; closing it waits for that thread, so on every exit the caller
        // gets its stream back unshared.
        try (ReadAheadInputStream ahead = new ReadAheadInputStream(new NonClosing(tar));
             Arena arena = Arena.ofConfined(); DirResolver dirs = new DirResolver(sys, rootFd)) {
            EntryWriter writer = new EntryWriter(sys, dirs, arena.allocate(BUFFER_SIZE, 4096));
            Metadata meta = new Metadata(sys, sys.geteuid() == 0);
            Map<String, TarArchiveEntry> directories = new LinkedHashMap<>();
            TarArchiveInputStream in = new TarArchiveInputStream(
                    new BufferedInputStream(ahead, 1 << 16), "UTF-8");
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                entries++;
                try {
                    bytes += applyEntry(e, in, dirs, writer, meta, directories);
                    dirs.endEntry();
                } catch (SyscallException | UncheckedIOException x) {
                    throw new LayerException(ENTRY + "`" + e.getName() + "`: " + x.getMessage(), x);
                } catch (LayerException x) {
                    // DirResolver and EntryWriter name the path they were handed, not the tar entry
                    if (x.getMessage().startsWith(ENTRY)) throw x;
                    throw new LayerException(ENTRY + "`" + e.getName() + "`: " + x.getMessage(), x);
                }
            }
            ahead.transferTo(OutputStream.nullOutputStream());   // trailing zero blocks and padding
            finishDirectories(dirs, meta, directories);
        } catch (SyscallException x) {
            throw new LayerException("apply layer to `" + targetDir + "`: " + x.getMessage(), x);
        } finally {
            sys.close(rootFd);
        }
        return new LayerStats(entries, bytes);
    }

    private long applyEntry(TarArchiveEntry e, TarArchiveInputStream in, DirResolver dirs, EntryWriter writer,
                            Metadata meta, Map<String, TarArchiveEntry> directories) throws IOException {
        String what = "layer entry";
        EntryPath path = EntryPath.parse(e.getName(), what);
        if (path.isRoot()) {
            if (!e.isDirectory()) throw new LayerException(what + " `" + e.getName() + "`: the layer root must be a directory");
            meta.ownerAndXattrs(dirs.rootFd(), null, e, false);
            directories.put("", e);
            return 0;
        }
        String name = path.name();
        if (name.startsWith(WHITEOUT)) return whiteout(e, path, dirs, writer, meta);
        int parent = dirs.dir(path.parent());
        if (e.isDirectory()) {
            writer.directory(parent, name);
            meta.ownerAndXattrs(parent, name, e, false);
            directories.put(path.toString(), e);   // mode and times once its contents are written
        } else if (e.isSymbolicLink()) {
            String target = e.getLinkName();
            if (target.isEmpty()) throw new LayerException(what + " `" + path + "`: empty symlink target");
            // symlinkat(2) would end the target at a NUL: "../..\0/a" would pass the check below as
            // a name inside the layer and become "../.." on disk
            if (target.indexOf('\0') >= 0) throw new LayerException(what + " `" + path + "`: NUL in symlink target `" + target + "`");
            if (path.symlinkEscapes(target)) {
                throw new LayerException(what + " `" + path + "`: symlink target `" + target + "` climbs out of the layer");
            }
            writer.symlink(parent, name, target);
            meta.ownerAndXattrs(parent, name, e, true);
            meta.times(parent, name, e);
        } else if (e.isLink()) {
            EntryPath target = EntryPath.parse(e.getLinkName(), what + " `" + path + "` hardlink target");
            if (target.isRoot()) throw new LayerException(what + " `" + path + "`: hardlink to the layer root");
            int targetParent = dirs.dir(target.parent());
            int newParent = dirs.dir(path.parent());   // re-fetch: the first call may have evicted it
            writer.hardlink(targetParent, target.name(), newParent, name);
        } else if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
            int type = e.isCharacterDevice() ? S_IFCHR : e.isBlockDevice() ? S_IFBLK : S_IFIFO;
            long dev = e.isFIFO() ? 0 : FileFlags.makedev(e.getDevMajor(), e.getDevMinor());
            writer.node(parent, name, type | 0600, dev);
            meta.ownerAndXattrs(parent, name, e, true);
            meta.modeAt(parent, name, e);
            meta.times(parent, name, e);
        } else if (e.isSparse()) {
            // Written out, a sparse file's holes are zeros: a tiny layer could fill the disk. Image
            // builders (Go's archive/tar: docker, buildkit) never write sparse entries.
            throw new LayerException(what + " `" + path + "`: sparse files are not supported (" + sparseFormat(e) + ")");
        } else if (isRegular(e)) {
            int fd = writer.regularFile(parent, name, in, e.getSize());
            try {
                meta.regularFile(fd, parent, name, e);
            } finally {
                sys.close(fd);
            }
            return e.getSize();
        } else {
            throw new LayerException(what + " `" + path + "`: unsupported entry type '" + (char) e.getLinkFlag() + "'");
        }
        return 0;
    }

    private long whiteout(TarArchiveEntry e, EntryPath path, DirResolver dirs, EntryWriter writer, Metadata meta) {
        String name = path.name();
        if (name.equals(OPAQUE)) {
            sys.setxattrAt(dirs.dir(path.parent()), null, "trusted.overlay.opaque", new byte[] {'y'});
        } else if (!name.startsWith(WHITEOUT_META)) {
            String hidden = name.substring(WHITEOUT.length());
            if (hidden.isEmpty() || hidden.equals(".") || hidden.equals("..")) {
                throw new LayerException("layer entry `" + path + "`: invalid whiteout");
            }
            int parent = dirs.dir(path.parent());
            writer.node(parent, hidden, S_IFCHR, 0);   // OverlayFS whiteout: char device 0:0
            meta.owner(parent, hidden, e);
        }
        return 0;   // other .wh..wh.* names are aufs bookkeeping: ignored
    }

    /** Mode and times of directories last, deepest first, so writing children cannot disturb them. */
    private void finishDirectories(DirResolver dirs, Metadata meta, Map<String, TarArchiveEntry> directories) {
        List<String> paths = new ArrayList<>(directories.keySet());
        paths.sort(Comparator.comparingInt((String p) -> p.isEmpty() ? 0 : p.split("/").length).reversed());
        for (String p : paths) {
            TarArchiveEntry e = directories.get(p);
            if (p.isEmpty()) {
                meta.modeAndTimesOnFd(dirs.rootFd(), e);
                continue;
            }
            int fd = dirs.openExistingNoFollow(List.of(p.split("/")));
            if (fd < 0) continue;   // replaced by a later non-directory entry
            try {
                meta.modeAndTimesOnFd(fd, e);
            } finally {
                sys.close(fd);
            }
        }
    }

    private static String sparseFormat(TarArchiveEntry e) {
        if (e.isOldGNUSparse()) return "old GNU sparse entry";
        if (e.isPaxGNU1XSparse()) return "GNU sparse format 1.0";
        if (e.isPaxGNUSparse()) return "GNU sparse format 0.x";
        return "star sparse entry";
    }

    /** '0', the old '\0' and contiguous '7'; isFile() alone also accepts unknown type flags. */
    private static boolean isRegular(TarArchiveEntry e) {
        byte f = e.getLinkFlag();
        return (f == '0' || f == 0 || f == '7') && !e.isSparse();
    }

    /** Lets the tar reader close nothing: the caller owns (and keeps hashing) the stream. */
    private static final class NonClosing extends FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {}
    }
}
