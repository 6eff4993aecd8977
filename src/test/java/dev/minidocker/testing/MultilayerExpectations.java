package dev.minidocker.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * What the merged root filesystem of images/multilayer must look like, written from the recipe
 * (not from any tool's output): whiteouts hide, opaque directories hide lower content, later
 * layers win, modes and owners survive. Any extractor or overlay view can be checked against it.
 */
public final class MultilayerExpectations {
    private MultilayerExpectations() {}

    /** Every way {@code tree} falls short of the recipe; empty when it matches. */
    public static List<String> violations(TreeSnapshot tree) {
        List<String> v = new ArrayList<>();
        // Whiteouts: a file, a whole directory tree, a symlink from the base layer.
        absent(v, tree, "/data/.wh.remove-me.txt");
        absent(v, tree, "/wh-dir");
        absent(v, tree, "/wh-dir/a/b/file");
        absent(v, tree, "/.wh.wh-dir");
        absent(v, tree, "/bin/wget");
        present(v, tree, "/bin/wc", 'l', -1, 0, 0);
        // A whiteout undone by a later layer: the file is back with layer 4's content.
        present(v, tree, "/data/remove-me.txt", '-', 0644, 0, 0);
        // Opaque directory: nothing from layer 2 survives; layer 4 deleted new.txt again.
        absent(v, tree, "/opaque/.wh..wh..opq");
        absent(v, tree, "/opaque/old1.txt");
        absent(v, tree, "/opaque/olddir");
        absent(v, tree, "/opaque/new.txt");
        absent(v, tree, "/opaque/.wh.new.txt");
        present(v, tree, "/opaque/newdir/z", '-', 0644, 0, 0);
        // Replacements: file -> directory and directory -> file.
        present(v, tree, "/tobedir", 'd', 0755, 0, 0);
        present(v, tree, "/tobedir/inside", '-', 0644, 0, 0);
        present(v, tree, "/tobefile", '-', 0644, 0, 0);
        absent(v, tree, "/tobefile/child");
        // Metadata-only change in a later layer: owner and mode follow the top layer.
        present(v, tree, "/data/keep.txt", '-', 0600, 1000, 1000);
        present(v, tree, "/home/app", 'd', 0755, 1000, 1000);
        present(v, tree, "/home/app/owned.txt", '-', 0640, 1000, 1000);
        // Special modes and file types.
        present(v, tree, "/usr/bin/suid-tool", '-', 04755, 0, 0);
        present(v, tree, "/usr/bin/sgid-tool", '-', 02711, 0, 0);
        present(v, tree, "/shared", 'd', 02775, 0, 0);
        present(v, tree, "/sticky", 'd', 01777, 0, 0);
        present(v, tree, "/tmp", 'd', 01777, 0, 0);
        present(v, tree, "/run/fifo", 'p', 0620, 0, 0);
        // Hardlinks stay one inode; symlinks keep their targets verbatim.
        TreeSnapshot.Entry hlb = tree.get("/data/hl-b");
        TreeSnapshot.Entry hlc = tree.get("/links/hl-c");
        if (hlb == null || !"/data/hl-a".equals(hlb.hardlinkGroup())
                || hlc == null || !"/data/hl-a".equals(hlc.hardlinkGroup())) {
            v.add("/data/hl-a, /data/hl-b, /links/hl-c should be one inode: " + hlb + " / " + hlc);
        }
        link(v, tree, "/links/abs", "/etc/passwd");
        link(v, tree, "/links/rel", "../data/keep.txt");
        link(v, tree, "/links/dangling", "/nonexistent/target");
        link(v, tree, "/links/dir", "/data");
        present(v, tree, "/bin/busybox", '-', 0755, 0, 0);
        content(v, tree, "/data/remove-me.txt", "back again\n");
        content(v, tree, "/etc/motd", "motd v2\n");
        content(v, tree, "/data/keep.txt", "keep, now private to app\n");
        content(v, tree, "/tobefile", "i was a directory\n");
        // No whiteout marker of either form (.wh.* file or 0/0 char device) may be visible.
        tree.entries().forEach((path, e) -> {
            if (path.substring(path.lastIndexOf('/') + 1).startsWith(".wh.")) v.add("whiteout marker visible: " + path);
            if (e.type() == 'c' && e.rdev() != null && e.rdev() == 0) v.add("overlay whiteout visible: " + path);
        });
        return v;
    }

    private static void absent(List<String> v, TreeSnapshot t, String path) {
        if (t.get(path) != null) v.add(path + " should be absent, is " + t.get(path));
    }

    /** mode -1: any mode. */
    private static void present(List<String> v, TreeSnapshot t, String path, char type, int mode, int uid, int gid) {
        TreeSnapshot.Entry e = t.get(path);
        if (e == null) {
            v.add(path + " is missing");
        } else if (e.type() != type || (mode >= 0 && e.mode() != mode) || e.uid() != uid || e.gid() != gid) {
            v.add(path + " should be " + type + " " + (mode >= 0 ? String.format("%04o ", mode) : "")
                    + uid + ":" + gid + ", is " + e);
        }
    }

    private static void content(List<String> v, TreeSnapshot t, String path, String text) {
        TreeSnapshot.Entry e = t.get(path);
        String want = java.util.HexFormat.of().formatHex(sha256(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        if (e == null || !want.equals(e.sha256())) v.add(path + " should contain " + text.strip() + ", is " + e);
    }

    private static byte[] sha256(byte[] data) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void link(List<String> v, TreeSnapshot t, String path, String target) {
        TreeSnapshot.Entry e = t.get(path);
        if (e == null || e.type() != 'l' || !target.equals(e.linkTarget())) {
            v.add(path + " should be a symlink to " + target + ", is " + e);
        }
    }
}
