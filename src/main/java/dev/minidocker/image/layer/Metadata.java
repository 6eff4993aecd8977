package dev.minidocker.image.layer;

import static dev.minidocker.linux.FileFlags.AT_SYMLINK_NOFOLLOW;

import dev.minidocker.linux.Errno;
import dev.minidocker.linux.FileSyscalls;
import dev.minidocker.linux.SyscallException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.util.Base64;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * Applies a tar entry's owner, mode, xattrs and times. Order matters: chown before chmod (chown
 * clears setuid/setgid) and before xattrs (chown drops security.capability). Ownership is only
 * applied as root, like tar. Xattr policy (as containerd): ENOTSUP is skipped for any name,
 * EPERM for security.* (e.g. SELinux labels the host refuses) and on symlinks and device nodes;
 * trusted.overlay.* from the image is dropped, since overlay metadata must only come from
 * whiteout entries. Values that commons-compress could not decode as UTF-8 are skipped rather
 * than written corrupted.
 */
final class Metadata {
    private static final String SCHILY = "SCHILY.xattr.", LIBARCHIVE = "LIBARCHIVE.xattr.";
    private static final long MAX_ID = 0xFFFF_FFFEL;   // (uid_t) -1 would mean "leave unchanged"

    private final FileSyscalls sys;
    private final boolean chown;

    Metadata(FileSyscalls sys, boolean chown) {
        this.sys = sys;
        this.chown = chown;
    }

    /** A regular file just written through {@code fd}. */
    void regularFile(int fd, int parent, String name, TarArchiveEntry e) {
        if (chown) sys.fchown(fd, uid(e), gid(e));
        sys.fchmod(fd, mode(e));
        xattrs(parent, name, e, false);
        sys.utimensat(fd, null, atimeSec(e), atimeNsec(e), sec(e.getLastModifiedTime()), nsec(e.getLastModifiedTime()), 0);
    }

    /** Owner and xattrs of a name inside {@code parent} ({@code name} null: the directory itself). */
    void ownerAndXattrs(int parent, String name, TarArchiveEntry e, boolean special) {
        if (name == null) {
            if (chown) sys.fchown(parent, uid(e), gid(e));
        } else {
            owner(parent, name, e);
        }
        xattrs(parent, name, e, special);
    }

    void owner(int parent, String name, TarArchiveEntry e) {
        if (chown) sys.fchownat(parent, name, uid(e), gid(e), AT_SYMLINK_NOFOLLOW);
    }

    /** Mode of a device node or FIFO; never follows a symlink (glibc refuses with EOPNOTSUPP). */
    void modeAt(int parent, String name, TarArchiveEntry e) {
        sys.fchmodat(parent, name, mode(e), AT_SYMLINK_NOFOLLOW);
    }

    void times(int parent, String name, TarArchiveEntry e) {
        FileTime m = e.getLastModifiedTime();
        sys.utimensat(parent, name, atimeSec(e), atimeNsec(e), sec(m), nsec(m), AT_SYMLINK_NOFOLLOW);
    }

    /** A directory, opened by fd: mode then times. */
    void modeAndTimesOnFd(int fd, TarArchiveEntry e) {
        sys.fchmod(fd, mode(e));
        FileTime m = e.getLastModifiedTime();
        sys.utimensat(fd, null, atimeSec(e), atimeNsec(e), sec(m), nsec(m), 0);
    }

    private void xattrs(int parent, String name, TarArchiveEntry e, boolean special) {
        for (Map.Entry<String, String> h : e.getExtraPaxHeaders().entrySet()) {
            String key;
            byte[] value;
            if (h.getKey().startsWith(SCHILY)) {
                key = h.getKey().substring(SCHILY.length());
                if (h.getValue().indexOf('\uFFFD') >= 0) continue;   // binary value lost in decoding
                value = h.getValue().getBytes(StandardCharsets.UTF_8);
            } else if (h.getKey().startsWith(LIBARCHIVE)) {
                key = URLDecoder.decode(h.getKey().substring(LIBARCHIVE.length()), StandardCharsets.UTF_8);
                value = Base64.getDecoder().decode(h.getValue().trim());
            } else {
                continue;
            }
            if (key.startsWith("trusted.overlay.")) continue;
            if (key.indexOf('\0') >= 0) {   // setxattr(2) would end the name there: another attribute
                throw new LayerException("layer entry `" + e.getName() + "`: NUL in xattr name `" + key + "`");
            }
            try {
                sys.setxattrAt(parent, name, key, value);
            } catch (SyscallException x) {
                boolean skip = x.errno() == Errno.ENOTSUP
                        || (x.errno() == Errno.EPERM && (key.startsWith("security.") || special));
                if (!skip) throw x;
            }
        }
    }

    private static int mode(TarArchiveEntry e) {
        return e.getMode() & 07777;
    }

    private static long uid(TarArchiveEntry e) {
        return id(e.getLongUserId(), "uid", e);
    }

    private static long gid(TarArchiveEntry e) {
        return id(e.getLongGroupId(), "gid", e);
    }

    private static long id(long id, String what, TarArchiveEntry e) {
        if (id < 0 || id > MAX_ID) throw new LayerException("layer entry `" + e.getName() + "`: " + what + " " + id + " out of range");
        return id;
    }

    private static long atimeSec(TarArchiveEntry e) {
        FileTime a = e.getLastAccessTime();
        return sec(a != null ? a : e.getLastModifiedTime());
    }

    private static long atimeNsec(TarArchiveEntry e) {
        FileTime a = e.getLastAccessTime();
        return nsec(a != null ? a : e.getLastModifiedTime());
    }

    private static long sec(FileTime t) {
        return t.toInstant().getEpochSecond();
    }

    private static long nsec(FileTime t) {
        return t.toInstant().getNano();
    }
}
