package dev.minidocker.image.layer;

import dev.minidocker.linux.DirFd;
import dev.minidocker.linux.FdInputStream;
import dev.minidocker.linux.FileFlags;
import dev.minidocker.linux.FileStat;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a directory in overlay form (a container's OverlayFS upper directory, or a layer's
 * extracted {@code diff/}) into an OCI layer tar: a whiteout (char device 0:0, or a file marked
 * with the overlay.whiteout xattr) becomes {@code .wh.NAME}, an opaque directory
 * ({@code trusted.overlay.opaque=y} or the {@code user.} variant) gets {@code .wh..wh..opq},
 * further links to one inode become tar hardlinks, and modes (setuid, sticky), numeric owners,
 * whole-second mtimes, xattrs, symlinks, FIFOs and device nodes are kept; sockets are skipped, as
 * docker does. Overlay's own bookkeeping xattrs are never written.
 *
 * <p>Deterministic: children in sorted order, no atime/ctime, no user or group names, so the same
 * tree always gives the same bytes (and DiffID). Applying the tar with {@link LayerApplier} and
 * writing the result again gives the same bytes once more: a layer's tar can be regenerated from
 * its extracted directory. The tree is read through {@link DirFd}, never following a symlink.
 */
public final class LayerTarWriter {
    private static final String OVERLAY_TRUSTED = "trusted.overlay.", OVERLAY_USER = "user.overlay.";
    private static final String OPAQUE_MARKER = ".wh..wh..opq", WHITEOUT_PREFIX = ".wh.";

    /** Writes the tar of {@code dir} (its contents; no entry for the root itself) to {@code out}, not closing it. */
    public void write(Path dir, OutputStream out) throws IOException {
        TarOutput tar = new TarOutput(out);
        Map<Long, Map<Long, String>> firstNameOfInode = new HashMap<>();
        try (DirFd root = DirFd.open(dir.toString())) {
            walk(root, "", tar, firstNameOfInode);
        }
        tar.finish();
    }

    /**
     * Writes one entry of {@code parent}, recursively when it is a directory, under the archive
     * name {@code as} (cp's archive: "dir/...", or the new name the destination asks for).
     * {@code parent} is trusted (followed), {@code name} is not (never followed).
     */
    public void writeNamed(Path parent, String name, String as, OutputStream out) throws IOException {
        TarOutput tar = new TarOutput(out);
        try (DirFd dir = DirFd.open(parent.toString())) {
            entry(dir, name, as, "", tar, new HashMap<>());
        }
        tar.finish();
    }

    private void walk(DirFd dir, String prefix, TarOutput tar, Map<Long, Map<Long, String>> inodes) throws IOException {
        List<String> names = new ArrayList<>(dir.names());
        Collections.sort(names);
        for (String n : names) entry(dir, n, prefix + n, prefix, tar, inodes);
    }

    /** One name of {@code dir} as the archive entry {@code name} ({@code prefix}: its directory in the archive). */
    private void entry(DirFd dir, String n, String name, String prefix, TarOutput tar,
                       Map<Long, Map<Long, String>> inodes) throws IOException {
        {
            FileStat st = dir.stat(n);
            Map<String, byte[]> xattrs = st.type() == FileFlags.S_IFSOCK ? Map.of() : dir.xattrs(n);
            checkOverlayFeatures(dir, n, xattrs);
            TarOutput.Meta meta = new TarOutput.Meta(st.permissions(), st.uid(), st.gid(), st.mtimeSec());
            if (st.isOverlayWhiteout() || (st.isRegular() && isSet(xattrs, "overlay.whiteout"))) {
                tar.entry(TarOutput.REGULAR, prefix + WHITEOUT_PREFIX + n,
                        new TarOutput.Meta(0600, st.uid(), st.gid(), 0), null, 0, 0, Map.of());
                return;
            }
            Map<String, byte[]> kept = withoutOverlayXattrs(xattrs);
            switch (st.type()) {
                case FileFlags.S_IFDIR -> {
                    tar.entry(TarOutput.DIRECTORY, name + "/", meta, null, 0, 0, kept);
                    if (isOpaque(xattrs)) {
                        tar.entry(TarOutput.REGULAR, name + "/" + OPAQUE_MARKER,
                                new TarOutput.Meta(st.permissions() & 0777, st.uid(), st.gid(), 0), null, 0, 0, Map.of());
                    }
                    try (DirFd sub = dir.openDir(n)) {
                        walk(sub, name + "/", tar, inodes);
                    }
                }
                case FileFlags.S_IFREG -> {
                    String first = st.nlink() > 1
                            ? inodes.computeIfAbsent(st.dev(), k -> new HashMap<>()).putIfAbsent(st.ino(), name) : null;
                    if (first != null) {
                        tar.entry(TarOutput.HARDLINK, name, meta, first, 0, 0, Map.of());   // the inode's xattrs went with its first name
                    } else {
                        try (FdInputStream in = dir.openFile(n)) {
                            tar.file(name, meta, kept, st.size(), in, dir.describe(n));
                        }
                    }
                }
                case FileFlags.S_IFLNK -> tar.entry(TarOutput.SYMLINK, name, meta, dir.readlink(n), 0, 0, kept);
                case FileFlags.S_IFCHR, FileFlags.S_IFBLK -> tar.entry(st.type() == FileFlags.S_IFCHR
                        ? TarOutput.CHAR : TarOutput.BLOCK, name, meta, null, st.rdevMajor(), st.rdevMinor(), kept);
                case FileFlags.S_IFIFO -> tar.entry(TarOutput.FIFO, name, meta, null, 0, 0, kept);
                default -> { }   // sockets cannot be archived
            }
        }
    }

    /**
     * A renamed directory (redirect_dir) or a metadata-only copy-up (metacopy) keeps its content in
     * a lower layer: the upper directory alone is not the change set. mini-docker mounts without
     * those features, so meeting one means the directory came from elsewhere.
     */
    private static void checkOverlayFeatures(DirFd dir, String name, Map<String, byte[]> xattrs) {
        for (String feature : List.of("redirect", "metacopy")) {
            if (xattrs.containsKey(OVERLAY_TRUSTED + feature) || xattrs.containsKey(OVERLAY_USER + feature)) {
                throw new LayerException("`" + dir.describe(name) + "` is an overlay " + feature
                        + " entry: its content lives in a lower layer, so the directory cannot be written as a layer");
            }
        }
    }

    private static boolean isOpaque(Map<String, byte[]> xattrs) {
        return isSet(xattrs, "overlay.opaque");
    }

    /** trusted.KEY or user.KEY is "y" (opaque) or present at all (whiteout, whose value is empty). */
    private static boolean isSet(Map<String, byte[]> xattrs, String key) {
        for (String ns : List.of("trusted.", "user.")) {
            byte[] v = xattrs.get(ns + key);
            if (v == null) continue;
            if (!key.endsWith("opaque")) return true;
            if (Arrays.equals(v, new byte[] {'y'})) return true;
        }
        return false;
    }

    private static Map<String, byte[]> withoutOverlayXattrs(Map<String, byte[]> xattrs) {
        if (xattrs.isEmpty()) return xattrs;
        Map<String, byte[]> kept = new TreeMap<>(xattrs);
        kept.keySet().removeIf(k -> k.startsWith(OVERLAY_TRUSTED) || k.startsWith(OVERLAY_USER));
        return kept;
    }
}
