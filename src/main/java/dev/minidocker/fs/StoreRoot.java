package dev.minidocker.fs;

import dev.minidocker.MiniDockerException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether a store root may be trusted, and its modes. mini-docker mounts the store's layers, runs
 * what its records say as whom they say, and binds what they name: whoever can write the root, or
 * any directory above it, can swap its contents (a layer's diff for a symlink to /) and so act as
 * root. Such a root is refused: the root and every directory above it must be owned by root (or by
 * the invoking user when that is not root), and writable by group or others only where the sticky
 * bit is set on a directory above the root (like /tmp). An existing store is repaired to the modes a
 * new one gets ({@link StoreFiles}): the root 0710 at most (Docker's /var/lib/docker: group
 * traverse, for a daemon {@code --group} whose socket lives in it), its top directories 0700.
 * Opening costs a stat per path component and per top directory, no tree walk: older records deeper
 * down keep their modes, out of reach behind 0700 directories. Lean: no FFM, no lambdas (the client
 * of {@code run} checks the root before it trusts the root's daemon.json).
 */
public final class StoreRoot {
    private static final int S_IFMT = 0170000, S_IFLNK = 0120000, S_IFDIR = 0040000, S_ISVTX = 01000;
    private static final int GROUP_WRITE = 0020, OTHER_WRITE = 0002;
    static final int ROOT_MODE = 0710, DIR_MODE = 0700;
    /**
     * The top directories that hold what others must not reach (setuid files in containers' upper
     * dirs, layers and layers being extracted in tmp/; -e secrets in records and image configs):
     * checked and repaired on open, a stat each (~20-50 us; networks/ and locks/ hold nothing secret).
     */
    static final List<String> TOP_DIRS = List.of("containers", "layers", "tmp", "blobs", "images");

    private StoreRoot() {}

    /** Checks {@code root} (see the class comment) and repairs its modes; the absolute root. */
    public static Path open(Path root) {
        Path abs = root.toAbsolutePath().normalize();
        int me = effectiveUid();
        Stat rootStat = verify(abs, abs, me, true);
        if (rootStat == null) return abs; // not there yet: its first writer creates it 0700
        repair(abs, rootStat, ROOT_MODE, me);
        for (String name : TOP_DIRS) {
            Path dir = abs.resolve(name);
            Stat s = stat(abs, dir, false);
            if (s == null) continue;
            check(abs, dir, s, me, true);
            repair(dir, s, DIR_MODE, me);
        }
        return abs;
    }

    /** The check alone, changing nothing: throws {@link MiniDockerException} for a root not to be trusted. */
    public static void verify(Path root) {
        Path abs = root.toAbsolutePath().normalize();
        verify(abs, abs, effectiveUid(), true);
    }

    /**
     * Walks from / down to {@code abs} with lstat; the root's own stat, or null if it does not exist.
     * Through a symlink, the real path is walked again (once: a second symlink means it changes under
     * us). Errors name the root as given, {@code named}.
     */
    private static Stat verify(Path named, Path abs, int me, boolean mayFollow) {
        Path top = abs.getRoot();
        int n = abs.getNameCount();
        boolean linked = false;
        Stat last = null;
        for (int i = 0; i <= n; i++) {
            Path p = i == 0 ? top : top.resolve(abs.subpath(0, i));
            Stat s = stat(named, p, true);
            if (s == null) {
                if (!linked) return null;
                return verifyReal(named, abs, p.getParent(), me, mayFollow);
            }
            check(named, p, s, me, i == n);
            linked |= s.isLink();
            last = s;
        }
        if (linked) return verifyReal(named, abs, abs, me, mayFollow);
        if (!last.isDirectory()) throw refuse(named, abs + " is not a directory");
        return last;
    }

    /** {@code abs} checked again along its real path, {@code existing} being its deepest existing part. */
    private static Stat verifyReal(Path named, Path abs, Path existing, int me, boolean mayFollow) {
        if (!mayFollow) throw refuse(named, "its symbolic links changed while it was checked");
        try {
            Path real = existing.toRealPath().resolve(existing.relativize(abs));
            return verify(named, real.normalize(), me, false);
        } catch (IOException e) {
            throw refuse(named, "cannot resolve " + existing + ": " + e.getMessage());
        }
    }

    /** Owner root (or {@code me}); no group/other write, but on a sticky directory above the root. */
    private static void check(Path abs, Path p, Stat s, int me, boolean rootOrInside) {
        if (s.uid() != 0 && s.uid() != me) {
            throw refuse(abs, p + " is owned by uid " + s.uid() + "; only root" + (me != 0 ? " or uid " + me : "")
                    + " may own the store root and the directories above it");
        }
        if (s.isLink()) return; // a symlink's own mode means nothing; its owner and directory are checked
        int write = s.mode() & (GROUP_WRITE | OTHER_WRITE);
        if (write == 0 || !rootOrInside && (s.mode() & S_ISVTX) != 0) return;
        String who = write == GROUP_WRITE ? "its group" : write == OTHER_WRITE ? "others" : "its group and others";
        throw refuse(abs, p + " is writable by " + who + " (mode "
                + String.format("%04o", s.mode() & 07777) + "); only its owner may write the store root"
                + (rootOrInside ? "" : " and the directories above it (unless sticky, like /tmp)"));
    }

    /** Takes away mode bits beyond {@code allowed}, on what we own (root's store, or a test user's own). */
    private static void repair(Path p, Stat s, int allowed, int me) {
        if (s.uid() != me || (s.mode() & 0777 & ~allowed) == 0) return;
        try {
            Files.setPosixFilePermissions(p, permissions(s.mode() & allowed));
        } catch (IOException e) {
            throw new MiniDockerException("chmod `" + p + "`: " + e.getMessage(), e);
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ ... OTHERS_EXECUTE: 0400 ... 0001
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (0400 >> i)) != 0) set.add(bits[i]);
        }
        return set;
    }

    private static MiniDockerException refuse(Path abs, String why) {
        return new MiniDockerException("refusing store root " + abs + ": " + why);
    }

    /** lstat (or stat) of {@code p}: mode and owner, or null if it does not exist. */
    private static Stat stat(Path abs, Path p, boolean noFollow) {
        try {
            Map<String, Object> a = noFollow
                    ? Files.readAttributes(p, "unix:mode,uid", LinkOption.NOFOLLOW_LINKS)
                    : Files.readAttributes(p, "unix:mode,uid");
            return new Stat((Integer) a.get("mode"), (Integer) a.get("uid"));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw refuse(abs, "cannot check " + p + ": " + e.getMessage());
        }
    }

    /** The effective uid, without FFM: /proc/PID belongs to it. Unknown: 0, the strictest reading. */
    static int effectiveUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private record Stat(int mode, int uid) {
        boolean isLink() {
            return (mode & S_IFMT) == S_IFLNK;
        }

        boolean isDirectory() {
            return (mode & S_IFMT) == S_IFDIR;
        }
    }
}
