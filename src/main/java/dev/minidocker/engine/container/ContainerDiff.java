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

    private enum InLayer { PRESENT, DELETED, ABSENT }

    private ContainerDiff() {}

    /** The changes in {@code upper} against the image's layer directories, the top one first. */
    static List<ContainerChange> of(Path upper, List<Path> layersTopFirst) throws IOException {
        List<ContainerChange> changes = new ArrayList<>();
        walk(upper, upper, layersTopFirst, changes);
        return changes;
    }

    /** Adds the changes under {@code dir}; whether it holds the runtime's mount points and nothing else. */
    private static boolean walk(Path upper, Path dir, List<Path> layers, List<ContainerChange> changes) throws IOException {
        List<Path> entries;
        try (Stream<Path> s = Files.list(dir)) {
            entries = s.sorted().toList();
        }
        boolean onlyMountPoints = !entries.isEmpty(); // an empty copied-up directory: its own metadata changed
        for (Path p : entries) {
            Path rel = upper.relativize(p);
            String path = "/" + rel;
            if (MOUNTED.contains(path)) continue;
            onlyMountPoints = false;
            if (isWhiteout(p)) {
                changes.add(new ContainerChange('D', path));
                continue;
            }
            boolean inImage = inImage(rel, layers);
            if (!Files.isDirectory(p, NOFOLLOW)) {
                changes.add(new ContainerChange(inImage ? 'C' : 'A', path));
                continue;
            }
            List<ContainerChange> below = new ArrayList<>();
            boolean holdsOnlyMountPoints = walk(upper, p, layers, below);
            if (!inImage || !holdsOnlyMountPoints) changes.add(new ContainerChange(inImage ? 'C' : 'A', path));
            changes.addAll(below);
        }
        return onlyMountPoints;
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
