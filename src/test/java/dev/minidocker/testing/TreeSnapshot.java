package dev.minidocker.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a directory tree looks like to a container: per path (relative, "/" for the root) its type,
 * full mode (incl. setuid/setgid/sticky), owner, symlink target, content hash, device numbers and
 * which other paths in the tree are hardlinks of the same inode. Timestamps are left out: layer
 * tools legitimately differ on them. Symlinks are never followed.
 */
public final class TreeSnapshot {
    /** One path. {@code hardlinkGroup} is the first path (sorted) sharing its inode, or null. */
    public record Entry(char type, int mode, int uid, int gid, String linkTarget, String sha256,
                        Long rdev, String hardlinkGroup) {
        @Override
        public String toString() {
            StringBuilder s = new StringBuilder().append(type).append(' ')
                    .append(String.format("%04o %d:%d", mode, uid, gid));
            if (linkTarget != null) s.append(" -> ").append(linkTarget);
            if (sha256 != null) s.append(" sha256:").append(sha256, 0, 12);
            if (rdev != null) s.append(" dev ").append(major(rdev)).append(',').append(minor(rdev));
            if (hardlinkGroup != null) s.append(" link-of ").append(hardlinkGroup);
            return s.toString();
        }
    }

    private final TreeMap<String, Entry> entries;

    private TreeSnapshot(TreeMap<String, Entry> entries) {
        this.entries = entries;
    }

    public static TreeSnapshot of(Path root) {
        TreeMap<String, Entry> raw = new TreeMap<>();
        Map<String, String> inodeOf = new HashMap<>();
        Map<String, TreeSet<String>> byInode = new HashMap<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    record(dir);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    record(file);
                    return FileVisitResult.CONTINUE;
                }

                private void record(Path p) throws IOException {
                    String rel = "/" + root.relativize(p).toString();
                    Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,rdev,ino,dev,nlink",
                            LinkOption.NOFOLLOW_LINKS);
                    int st = (Integer) a.get("mode");
                    char type = typeOf(st);
                    String target = type == 'l' ? Files.readSymbolicLink(p).toString() : null;
                    String hash = type == '-' ? sha256(p) : null;
                    Long rdev = type == 'c' || type == 'b' ? (Long) a.get("rdev") : null;
                    if (type != 'd' && (Integer) a.get("nlink") > 1) {
                        String inode = a.get("dev") + ":" + a.get("ino");
                        inodeOf.put(rel, inode);
                        byInode.computeIfAbsent(inode, k -> new TreeSet<>()).add(rel);
                    }
                    raw.put(rel, new Entry(type, st & 07777, (Integer) a.get("uid"), (Integer) a.get("gid"),
                            target, hash, rdev, null));
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException("snapshot " + root + ": " + e.getMessage(), e);
        }
        // Only links that are both inside the tree count: nlink alone also counts outside names.
        inodeOf.forEach((path, inode) -> {
            TreeSet<String> group = byInode.get(inode);
            if (group.size() > 1) {
                Entry e = raw.get(path);
                raw.put(path, new Entry(e.type, e.mode, e.uid, e.gid, e.linkTarget, e.sha256, e.rdev, group.first()));
            }
        });
        return new TreeSnapshot(raw);
    }

    public Map<String, Entry> entries() {
        return java.util.Collections.unmodifiableMap(entries);
    }

    /** The entry at a path like "/etc/passwd", or null when the path is absent. */
    public Entry get(String path) {
        return entries.get(path);
    }

    /** A copy without the root directory's own entry (its attributes depend on the tool that made it). */
    public TreeSnapshot withoutRoot() {
        TreeMap<String, Entry> copy = new TreeMap<>(entries);
        copy.remove("/");
        return new TreeSnapshot(copy);
    }

    /** A copy without the given paths and everything below them. */
    public TreeSnapshot without(String... paths) {
        TreeMap<String, Entry> copy = new TreeMap<>(entries);
        for (String p : paths) {
            copy.keySet().removeIf(k -> k.equals(p) || k.startsWith(p.endsWith("/") ? p : p + "/"));
        }
        return new TreeSnapshot(copy);
    }

    /** Readable differences, "expected" being this snapshot; empty when the trees match. */
    public List<String> diff(TreeSnapshot actual) {
        List<String> out = new ArrayList<>();
        TreeSet<String> all = new TreeSet<>(entries.keySet());
        all.addAll(actual.entries.keySet());
        for (String path : all) {
            Entry want = entries.get(path);
            Entry got = actual.entries.get(path);
            if (got == null) {
                out.add("missing   " + path + "  (expected " + want + ")");
            } else if (want == null) {
                out.add("unexpected " + path + "  (" + got + ")");
            } else if (!want.equals(got)) {
                out.add("differs   " + path + ": expected " + want + ", got " + got);
            }
        }
        return out;
    }

    /** diff() as one message, at most {@code limit} lines, for assertion failures. */
    public String describeDiff(TreeSnapshot actual, int limit) {
        List<String> d = diff(actual);
        if (d.isEmpty()) return "trees match";
        List<String> shown = d.subList(0, Math.min(limit, d.size()));
        return d.size() + " difference(s):\n  " + String.join("\n  ", shown)
                + (d.size() > limit ? "\n  ... " + (d.size() - limit) + " more" : "");
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        entries.forEach((p, e) -> s.append(p).append("  ").append(e).append('\n'));
        return s.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TreeSnapshot t && entries.equals(t.entries);
    }

    @Override
    public int hashCode() {
        return Objects.hash(entries);
    }

    /** glibc's gnu_dev_major / gnu_dev_minor. */
    static long major(long dev) {
        return (dev >>> 8 & 0xfff) | (dev >>> 32 & ~0xfffL);
    }

    static long minor(long dev) {
        return (dev & 0xff) | (dev >>> 12 & ~0xffL);
    }

    private static char typeOf(int st) {
        return switch (st & 0170000) {
            case 0040000 -> 'd';
            case 0100000 -> '-';
            case 0120000 -> 'l';
            case 0020000 -> 'c';
            case 0060000 -> 'b';
            case 0010000 -> 'p';
            case 0140000 -> 's';
            default -> '?';
        };
    }

    private static String sha256(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
            return HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
