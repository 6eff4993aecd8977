package dev.minidocker.linux;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A mount namespace's mounts as /proc/PID/mountinfo lists them (proc(5)), in its order; the one
 * reader of that format (cgroup/CgroupMounts finds the cgroup hierarchies in it). It also tells
 * whether two tables (the host's now, and a namespace copied from it earlier) differ on some
 * paths, comparing what each mount is (device, root, mount point, options, type and source: not
 * its IDs nor its propagation, which differ in a copy); mounts elsewhere (another engine's
 * container roots coming and going) do not count.
 */
public final class MountTable {
    /** One mount: where, its file system type and super options, and its mountinfo line. */
    public record Mount(String mountPoint, String fsType, String superOptions, String line) {
        /** What it is as a whole: the line without its mount and parent IDs and its propagation fields. */
        String what() {
            List<String> f = List.of(line.trim().split(" "));
            int dash = f.indexOf("-");
            return String.join(" ", f.subList(2, 6)) + " - " + String.join(" ", f.subList(dash + 1, f.size()));
        }
    }

    private final List<Mount> mounts;

    private MountTable(List<Mount> mounts) {
        this.mounts = mounts;
    }

    public static MountTable parse(byte[] mountinfo) {
        return parse(List.of(new String(mountinfo, StandardCharsets.UTF_8).split("\n")));
    }

    public static MountTable parse(String mountinfo) {
        return parse(List.of(mountinfo.split("\n")));
    }

    /** Lines that are not a mount (blank, malformed) are skipped. */
    public static MountTable parse(List<String> lines) {
        List<Mount> mounts = new ArrayList<>();
        for (String line : lines) {
            // ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPEROPTIONS
            List<String> f = List.of(line.trim().split(" "));
            int dash = f.indexOf("-");
            if (dash < 6 || f.size() < dash + 4 || !f.get(4).startsWith("/")) continue;
            mounts.add(new Mount(unescape(f.get(4)), f.get(dash + 1), f.get(dash + 3), line));
        }
        return new MountTable(mounts);
    }

    /** Every mount, in the table's order. */
    public List<Mount> mounts() {
        return List.copyOf(mounts);
    }

    /**
     * Whether {@code path} (absolute, without symlinks) sees the same mounts in both tables: the
     * same mounts on it or on one of its ancestors (whichever is on top, it is among them) and
     * below it (a recursive bind takes those), stacked in the same order on each mount point. A
     * mount, unmount or remount there makes them differ; one anywhere else does not. (A copied
     * namespace lists its mounts tree by tree, not in the order they were made: only the order on
     * one mount point, bottom to top, is the same.)
     */
    public boolean sameFor(MountTable other, String path) {
        String p = path;
        while (p.length() > 1 && p.endsWith("/")) p = p.substring(0, p.length() - 1);
        return relevantTo(p).equals(other.relevantTo(p));
    }

    /** The mounts on, above and below {@code path}: mount point -> what is mounted there, bottom first. */
    private Map<String, List<String>> relevantTo(String path) {
        Map<String, List<String>> stacks = new HashMap<>();
        for (Mount m : mounts) {
            if (onPath(m.mountPoint(), path) || onPath(path, m.mountPoint())) {
                stacks.computeIfAbsent(m.mountPoint(), k -> new ArrayList<>()).add(m.what());
            }
        }
        return stacks;
    }

    /** Whether {@code inner} is {@code outer} or lies below it. */
    private static boolean onPath(String outer, String inner) {
        if (outer.equals("/") || inner.equals(outer)) return true;
        return inner.startsWith(outer) && inner.charAt(outer.length()) == '/';
    }

    /** mountinfo escapes space, tab, newline and backslash as \ooo octal. */
    public static String unescape(String s) {
        if (s.indexOf('\\') < 0) return s;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                sb.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
