package dev.minidocker.linux;

import java.lang.foreign.MemorySegment;

/**
 * The file system calls layer extraction needs, all relative to directory fds so that a path is
 * never re-resolved from the host root. Every method throws {@link SyscallException} (naming the
 * call and the name) on failure. {@link LinuxFileSyscalls} is the FFM implementation; tests wrap
 * it to inject failures (e.g. openat2 returning ENOSYS).
 */
public interface FileSyscalls {
    /** open(2) of an absolute or cwd-relative path. */
    int open(String path, int flags, int mode);

    /** openat(2). */
    int openat(int dirfd, String name, int flags, int mode);

    /** openat2(2) with struct open_how {flags, mode, resolve}; ENOSYS on kernels before 5.6. */
    int openat2(int dirfd, String path, long flags, long mode, long resolve);

    void close(int fd);

    void mkdirat(int dirfd, String name, int mode);

    void symlinkat(String target, int dirfd, String name);

    void linkat(int olddirfd, String oldname, int newdirfd, String newname, int flags);

    void mknodat(int dirfd, String name, int mode, long dev);

    void unlinkat(int dirfd, String name, int flags);

    void fchownat(int dirfd, String name, long uid, long gid, int flags);

    void fchown(int fd, long uid, long gid);

    void fchmod(int fd, int mode);

    /** fchmodat(2); with AT_SYMLINK_NOFOLLOW glibc refuses (EOPNOTSUPP) to touch a symlink. */
    void fchmodat(int dirfd, String name, int mode, int flags);

    /** utimensat(2) with atime and mtime; {@code name} null means the fd itself (futimens). */
    void utimensat(int dirfd, String name, long atimeSec, long atimeNsec, long mtimeSec, long mtimeNsec, int flags);

    /**
     * Sets an extended attribute on {@code name} inside the directory {@code dirfd}, never
     * following {@code name} if it is a symlink; {@code name} null means the directory itself.
     */
    void setxattrAt(int dirfd, String name, String key, byte[] value);

    /** Reads an extended attribute without following a final symlink; null when absent. */
    byte[] lgetxattr(String path, String key);

    /** statx(2) with AT_SYMLINK_NOFOLLOW: the st_mode (type and permission bits). */
    int lstatMode(int dirfd, String name);

    /** write(2) of {@code length} bytes from a native segment, looping over short writes. */
    void writeFully(int fd, MemorySegment buffer, long length);

    int geteuid();
}
