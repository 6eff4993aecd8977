package dev.minidocker.engine.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code diff}: what a container changed in its image's file system, as docker's overlay2 driver
 * lists it: every path of its upper directory, sorted, "D" for a whiteout (a deletion), "C" when a
 * layer of the image has that path, "A" when none does. A parent of a change is itself a path of
 * the upper directory (overlayfs copied it up), so it shows as "C" too, as in docker.
 *
 * <p>Not the runtime's own mount points: stage 2 mounts over {@link #MOUNTED} (made in the upper
 * directory when the image lacks them), so nothing the container writes there reaches it; docker
 * keeps the same paths in an init layer below the container's, out of its diff. A directory that
 * holds nothing but those is no change either.
 */
final class ContainerDiff {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    private static final int S_IFMT = 0170000, S_IFCHR = 0020000;
    /** Where stage 2 mounts the container's /dev, /proc, /sys and its generated /etc files. */
    static final java.util.Set<String> MOUNTED = java.util.Set.of("/dev", "/proc", "/sys", "/etc/hosts",
            "/etc/resolv.conf", "/etc/hostname", "/etc/mtab", "/.dockerenv");

    /** One change: its kind ('A', 'C' or 'D') and its path in the container. */
    record Change(char kind, String path) {}

    private enum InLayer { PRESENT, DELETED, ABSENT }

    private ContainerDiff() {}

    /** The changes in {@code upper} against the image's layer directories, the top one first. */
    static List<Change> of(Path upper, List<Path> layersTopFirst) throws IOException {
        List<Change> changes = new ArrayList<>();
        walk(upper, upper, layersTopFirst, changes);
        return changes;
    }

    private static void walk(Path upper, Path dir, List<Path> layers, List<Change> changes) throws IOException {
        for (Path p : entries(dir)) {
            Path rel = upper.relativize(p);
            String path = "/" + rel;
            if (MOUNTED.contains(path)) continue;
            if (isWhiteout(p)) {
                changes.add(new Change('D', path));
                continue;
            }
            boolean inImage = inImage(rel, layers);
            if (!Files.isDirectory(p, NOFOLLOW)) {
                changes.add(new Change(inImage ? 'C' : 'A', path));
                continue;
            }
            List<Change> below = new ArrayList<>();
            walk(upper, p, layers, below);
            if (!inImage || !below.isEmpty() || !onlyMountPoints(upper, p)) changes.add(new Change(inImage ? 'C' : 'A', path));
            changes.addAll(below);
        }
    }

    private static List<Path> entries(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    /** A directory copied up only to hold mount points (/etc for /etc/hosts): no change of the container's. */
    private static boolean onlyMountPoints(Path upper, Path dir) throws IOException {
        List<Path> entries = entries(dir);
        if (entries.isEmpty()) return false; // an empty copied-up directory: its own metadata changed
        for (Path e : entries) {
            if (!MOUNTED.contains("/" + upper.relativize(e))) return false;
        }
        return true;
    }

    /** Whether the image's merged view has {@code rel}: the top layer that has an entry there decides. */
    private static boolean inImage(Path rel, List<Path> layersTopFirst) throws IOException {
        for (Path layer : layersTopFirst) {
            switch (inLayer(layer, rel)) {
                case PRESENT -> { return true; }
                case DELETED -> { return false; }
                case ABSENT -> { }
            }
        }
        return false;
    }

    /** Component by component, never through a symlink (overlayfs looks each layer up that way). */
    private static InLayer inLayer(Path layer, Path rel) throws IOException {
        Path cur = layer;
        for (int i = 0; i < rel.getNameCount(); i++) {
            cur = cur.resolve(rel.getName(i).toString());
            if (!Files.exists(cur, NOFOLLOW)) return InLayer.ABSENT;
            if (isWhiteout(cur)) return InLayer.DELETED;
            if (i < rel.getNameCount() - 1 && !Files.isDirectory(cur, NOFOLLOW)) return InLayer.ABSENT;
        }
        return InLayer.PRESENT;
    }

    /** overlayfs's whiteout: a character device 0:0. */
    private static boolean isWhiteout(Path p) throws IOException {
        try {
            Map<String, Object> a = Files.readAttributes(p, "unix:mode,rdev", NOFOLLOW);
            return ((Integer) a.get("mode") & S_IFMT) == S_IFCHR && ((Long) a.get("rdev")) == 0L;
        } catch (NoSuchFileException gone) {
            return false;
        }
    }
}
