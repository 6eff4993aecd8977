package dev.minidocker.linux;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A mount namespace's mounts as /proc/PID/mountinfo lists them (proc(5)), in its order: what each
 * mount is (its device, root, mount point, options, type and source: the line without its mount
 * and parent IDs and its propagation fields, which differ in a copy of the namespace) and where.
 * For telling whether two tables (the host's now, and a namespace copied from it earlier) differ
 * on some paths: mounts elsewhere (another engine's container roots coming and going) do not count.
 */
public final class MountTable {
    private record Mount(String what, String mountPoint) {}

    private final List<Mount> mounts;

    private MountTable(List<Mount> mounts) {
        this.mounts = mounts;
    }

    public static MountTable parse(byte[] mountinfo) {
        return parse(new String(mountinfo, StandardCharsets.UTF_8));
    }

    public static MountTable parse(String mountinfo) {
        List<Mount> mounts = new ArrayList<>();
        for (String line : mountinfo.split("\n")) {
            // ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPEROPTIONS
            String[] f = line.split(" ");
            int dash = List.of(f).indexOf("-");
            if (dash < 6 || !f[4].startsWith("/")) continue;
            String what = String.join(" ", f[2], f[3], f[4], f[5]) + " - " + String.join(" ", List.of(f).subList(dash + 1, f.length));
            mounts.add(new Mount(what, unescape(f[4])));
        }
        return new MountTable(mounts);
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
