package dev.minidocker.linux;

/**
 * The calls a container's mount setup needs. {@link LinuxMountSyscalls} is the real one; tests use
 * a recording fake to check a mount plan without root. File descriptors are plain ints.
 */
public interface MountSyscalls {
    long MS_RDONLY = 1, MS_NOSUID = 2, MS_NODEV = 4, MS_NOEXEC = 8, MS_REMOUNT = 32, MS_MOVE = 8192, MS_NOATIME = 1024,
            MS_NODIRATIME = 2048, MS_BIND = 4096, MS_REC = 16384, MS_PRIVATE = 1 << 18, MS_STRICTATIME = 1 << 24;
    int MNT_DETACH = 2;

    /** mount(2); {@code data} may be null. */
    void mount(String source, String target, String fstype, long flags, String data);

    void umount2(String target, int flags);

    void pivotRoot(String newRoot, String putOld);

    void chdir(String path);

    /** open(path, O_PATH|O_DIRECTORY|O_CLOEXEC): a handle on a host directory. */
    int openDirectory(String path);

    /**
     * openat2(rootFd, relative, O_PATH|O_CLOEXEC, RESOLVE_BENEATH|RESOLVE_NO_MAGICLINKS): a path
     * inside a root that must not leave it, not even through a symlink (EXDEV if it tries).
     */
    int openBeneath(int rootFd, String relative);

    void mkdirAt(int dirFd, String name, int mode);

    /** Creates an empty regular file (a bind-mount target for a file), if it does not exist. */
    void createFileAt(int dirFd, String name);

    void symlinkAt(String target, int dirFd, String name);

    void close(int fd);

    /** The path through which a mount call reaches what {@code fd} refers to. */
    default String fdPath(int fd) {
        return "/proc/self/fd/" + fd;
    }
}
