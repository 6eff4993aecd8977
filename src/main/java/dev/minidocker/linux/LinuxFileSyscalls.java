package dev.minidocker.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * {@link FileSyscalls} through FFM downcalls into glibc, all through the one shared shape of
 * {@link Native#call} (pointers as addresses, ints as longs, results in the low bits): a JVM that
 * extracts a layer or spawns the daemon links one stub, not one per function (~20 shapes cost the
 * first run ~70 ms of linking).
 */
public final class LinuxFileSyscalls implements FileSyscalls {
    private static final MemorySegment OPEN = Native.function("open"), OPENAT = Native.function("openat"),
            CLOSE = Native.function("close"), MKDIRAT = Native.function("mkdirat"),
            SYMLINKAT = Native.function("symlinkat"), LINKAT = Native.function("linkat"),
            MKNODAT = Native.function("mknodat"), UNLINKAT = Native.function("unlinkat"),
            FCHOWNAT = Native.function("fchownat"), FCHOWN = Native.function("fchown"),
            FCHMOD = Native.function("fchmod"), FCHMODAT = Native.function("fchmodat"),
            UTIMENSAT = Native.function("utimensat"), FUTIMENS = Native.function("futimens"),
            LSETXATTR = Native.function("lsetxattr"), SETXATTR = Native.function("setxattr"),
            LGETXATTR = Native.function("lgetxattr"), STATX = Native.function("statx"),
            WRITE = Native.function("write"), GETEUID = Native.function("geteuid");

    private static final int STATX_TYPE_AND_MODE = 0x3, STATX_SIZE = 256, STX_MODE_OFFSET = 28;
    private static final int ENODATA = Errno.ENODATA;

    @Override
    public int open(String path, int flags, int mode) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment err = Native.errnoSegment(a);
            return check(Native.call(OPEN, err, Native.cString(a, path), flags, mode), err, "open `" + path + "`");
        }
    }

    @Override
    public int openat(int dirfd, String name, int flags, int mode) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment err = Native.errnoSegment(a);
            return check(Native.call(OPENAT, err, dirfd, Native.cString(a, name), flags, mode), err, "openat `" + name + "`");
        }
    }

    @Override
    public int openat2(int dirfd, String path, long flags, long mode, long resolve) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment how = a.allocate(24, 8);   // struct open_how { u64 flags, mode, resolve; }
            how.set(JAVA_LONG, 0, flags);
            how.set(JAVA_LONG, 8, mode);
            how.set(JAVA_LONG, 16, resolve);
            return (int) RawSyscall.call("openat2 `" + path + "`", FileFlags.SYS_OPENAT2, dirfd,
                    Native.cString(a, path), how.address(), 24);
        }
    }

    @Override
    public void close(int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment err = Native.errnoSegment(a);
            // Linux always releases the fd, even when close reports an error: never retry.
            check(Native.call(CLOSE, err, fd), err, "close fd " + fd);
        }
    }

    @Override
    public void mkdirat(int dirfd, String name, int mode) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment err = Native.errnoSegment(a);
            check(Native.call(MKDIRAT, err, dirfd, Native.cString(a, name), mode), err, "mkdirat `" + name + "`");
        }
    }

    @Override
    public void symlinkat(String target, int dirfd, String name) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment err = Native.errnoSegment(a);
            long rc = Native.call(SYMLINKAT, err, Native.cString(a, target), dirfd, Native.cString(a, name));
            check(rc, err, "symlinkat `" + name + "` -> `" + target + "`");
        }
    }

    @Override
    public void linkat(int olddirfd, String oldname, int newdirfd, String newname, int flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment err = Native.errnoSegment(a);
            long rc = Native.call(LINKAT, err, olddirfd, Native.cString(a, oldname), newdirfd, Native.cString(a, newname), flags);
            check(rc, err, "linkat `" + newname + "` to `" + oldname + "`");
        }
    }

    @Override
    public void mknodat(int dirfd, String name, int mode, long dev) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment err = Native.errnoSegment(a);
            check(Native.call(MKNODAT, err, dirfd, Native.cString(a, name), mode, dev), err, "mknodat `" + name + "`");
        }
    }

    @Override
    public void unlinkat(int dirfd, String name, int flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment err = Native.errnoSegment(a);
            check(Native.call(UNLINKAT, err, dirfd, Native.cString(a, name), flags), err, "unlinkat `" + name + "`");
        }
    }

    /** uid_t and gid_t are 32 bits: -1 ("leave it") and ids above 2^31 travel in the low bits. */
    @Override
    public void fchownat(int dirfd, String name, long uid, long gid, int flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment err = Native.errnoSegment(a);
            long rc = Native.call(FCHOWNAT, err, dirfd, Native.cString(a, name), (int) uid, (int) gid, flags);
            check(rc, err, "fchownat `" + name + "` to " + uid + ":" + gid);
        }
    }

    @Override
    public void fchown(int fd, long uid, long gid) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment err = Native.errnoSegment(a);
            check(Native.call(FCHOWN, err, fd, (int) uid, (int) gid), err, "fchown to " + uid + ":" + gid);
        }
    }

    @Override
    public void fchmod(int fd, int mode) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment err = Native.errnoSegment(a);
            check(Native.call(FCHMOD, err, fd, mode), err, "fchmod to " + Integer.toOctalString(mode));
        }
    }

    @Override
    public void fchmodat(int dirfd, String name, int mode, int flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment err = Native.errnoSegment(a);
            long rc = Native.call(FCHMODAT, err, dirfd, Native.cString(a, name), mode, flags);
            check(rc, err, "fchmodat `" + name + "` to " + Integer.toOctalString(mode));
        }
    }

    @Override
    public void utimensat(int dirfd, String name, long atimeSec, long atimeNsec, long mtimeSec, long mtimeNsec, int flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment err = Native.errnoSegment(a);
            MemorySegment times = a.allocate(32, 8);   // struct timespec[2] { time_t tv_sec; long tv_nsec; }
            times.set(JAVA_LONG, 0, atimeSec);
            times.set(JAVA_LONG, 8, atimeNsec);
            times.set(JAVA_LONG, 16, mtimeSec);
            times.set(JAVA_LONG, 24, mtimeNsec);
            long rc = name == null ? Native.call(FUTIMENS, err, dirfd, times.address())
                    : Native.call(UTIMENSAT, err, dirfd, Native.cString(a, name), times.address(), flags);
            check(rc, err, "utimensat `" + (name == null ? "fd " + dirfd : name) + "`");
        }
    }

    @Override
    public void setxattrAt(int dirfd, String name, String key, byte[] value) {
        // No setxattrat(2) before Linux 6.13: go through the fd's magic link, which only the
        // already-resolved directory follows; the final name is not followed (lsetxattr).
        String path = "/proc/self/fd/" + dirfd + (name == null ? "" : "/" + name);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment err = Native.errnoSegment(a);
            MemorySegment v = a.allocate(Math.max(1, value.length));
            MemorySegment.copy(value, 0, v, JAVA_BYTE, 0, value.length);
            long rc = Native.call(name == null ? SETXATTR : LSETXATTR, err, Native.cString(a, path), Native.cString(a, key),
                    v.address(), value.length, 0);
            check(rc, err, "setxattr `" + key + "` on `" + (name == null ? "." : name) + "`");
        }
    }

    @Override
    public byte[] lgetxattr(String path, String key) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment err = Native.errnoSegment(a);
            MemorySegment v = a.allocate(65536);
            long n = Native.call(LGETXATTR, err, Native.cString(a, path), Native.cString(a, key), v.address(), 65536);
            if (n == -1 && Native.errno(err) == ENODATA) return null;
            check(Math.min(n, 0), err, "getxattr `" + key + "` on `" + path + "`");
            return v.asSlice(0, n).toArray(JAVA_BYTE);
        }
    }

    @Override
    public int lstatMode(int dirfd, String name) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment err = Native.errnoSegment(a);
            MemorySegment stx = a.allocate(STATX_SIZE, 8);
            long rc = Native.call(STATX, err, dirfd, Native.cString(a, name), FileFlags.AT_SYMLINK_NOFOLLOW,
                    STATX_TYPE_AND_MODE, stx.address());
            check(rc, err, "statx `" + name + "`");
            return Short.toUnsignedInt(stx.get(JAVA_SHORT, STX_MODE_OFFSET));
        }
    }

    @Override
    public void writeFully(int fd, MemorySegment buffer, long length) {
        if (!buffer.isNative()) throw new IllegalArgumentException("write needs a native segment");
        try (Arena a = Arena.ofConfined()) {
            MemorySegment err = Native.errnoSegment(a);
            long done = 0;
            while (done < length) {
                long n = Native.call(WRITE, err, fd, buffer.address() + done, length - done);
                if (n == -1 && Native.errno(err) == Errno.EINTR) continue;
                if (n == -1) throw new SyscallException("write", Native.errno(err));
                done += n;
            }
        }
    }

    @Override
    public int geteuid() {
        try (Arena a = Arena.ofConfined()) {
            return (int) Native.call(GETEUID, Native.errnoSegment(a));
        }
    }

    /** A result of -1 throws, naming the call; otherwise its low 32 bits (an fd, or 0). */
    private static int check(long rc, MemorySegment err, String what) {
        if ((int) rc == -1) throw new SyscallException(what, Native.errno(err));
        return (int) rc;
    }
}
