package dev.minidocker.linux;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A mount namespace's mounts as /proc/self/mountinfo lists them (proc(5)), in its order: each
 * line, and its mount point (field 5). For telling whether a change of the host's mounts matters
 * to some paths: mounts elsewhere (another engine's container roots coming and going) do not.
 */
public final class MountTable {
    private record Mount(String line, String mountPoint) {}

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
            String[] f = line.split(" ", 6);
            if (f.length >= 5 && f[4].startsWith("/")) mounts.add(new Mount(line, unescape(f[4])));
        }
        return new MountTable(mounts);
    }

    /**
     * Whether {@code path} (absolute, without symlinks) sees the same mounts in both tables: the
     * same lines, in the same order, for every mount on it or on one of its ancestors (whichever
     * is on top, it is among them) and for every mount below it (a recursive bind takes those).
     * A mount, unmount or remount there makes them differ; one anywhere else does not.
     */
    public boolean sameFor(MountTable other, String path) {
        String p = path;
        while (p.length() > 1 && p.endsWith("/")) p = p.substring(0, p.length() - 1);
        return relevantTo(p).equals(other.relevantTo(p));
    }

    private List<String> relevantTo(String path) {
        List<String> lines = new ArrayList<>();
        for (Mount m : mounts) {
            if (onPath(m.mountPoint(), path) || onPath(path, m.mountPoint())) lines.add(m.line());
        }
        return lines;
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
