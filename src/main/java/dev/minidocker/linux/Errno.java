package dev.minidocker.linux;

/** errno values used by name in mini-docker (identical on x86_64 and aarch64) and strerror. */
public final class Errno {
    public static final int EPERM = 1, ENOENT = 2, ESRCH = 3, EINTR = 4, EIO = 5, EBADF = 9,
            ECHILD = 10, EAGAIN = 11, ENOMEM = 12, EACCES = 13, EBUSY = 16, EEXIST = 17,
            EXDEV = 18, ENOTDIR = 20, EISDIR = 21, EINVAL = 22, ENOSPC = 28, EROFS = 30,
            EMLINK = 31, ENAMETOOLONG = 36, ENOSYS = 38, ENOTEMPTY = 39, ELOOP = 40,
            ENODATA = 61, ENOTSUP = 95;

    private Errno() {}

    /** strerror(3) text, e.g. "No such file or directory (ENOENT)". */
    public static String describe(int errno) {
        return Native.strerror(errno);
    }
}
