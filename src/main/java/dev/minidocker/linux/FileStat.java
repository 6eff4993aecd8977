package dev.minidocker.linux;

/**
 * What statx(2) says about one name, not following a final symlink.
 *
 * @param mode      st_mode: file type and permission bits (incl. setuid, setgid, sticky)
 * @param dev       the device of the file system holding it (major:minor folded as glibc's makedev)
 * @param rdev      for device nodes, the device they stand for (major, minor)
 * @param mtimeNsec nanoseconds of the modification time
 */
public record FileStat(int mode, long uid, long gid, long size, long nlink, long ino, long dev,
                       long rdevMajor, long rdevMinor, long mtimeSec, long mtimeNsec) {

    public int type() {
        return mode & FileFlags.S_IFMT;
    }

    public int permissions() {
        return mode & 07777;
    }

    public boolean isDirectory() {
        return type() == FileFlags.S_IFDIR;
    }

    public boolean isRegular() {
        return type() == FileFlags.S_IFREG;
    }

    public boolean isSymlink() {
        return type() == FileFlags.S_IFLNK;
    }

    /** OverlayFS's whiteout: a character device 0:0. */
    public boolean isOverlayWhiteout() {
        return type() == FileFlags.S_IFCHR && rdevMajor == 0 && rdevMinor == 0;
    }
}
