package dev.minidocker.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** {@link FileSyscalls} through FFM downcalls into glibc, each linked with errno capture. */
public final class LinuxFileSyscalls implements FileSyscalls {
    private static final Linker.Option CAPTURE = Native.CAPTURE_ERRNO;
    private static final MethodHandle OPEN = Native.link("open",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), CAPTURE, Linker.Option.firstVariadicArg(2));
    private static final MethodHandle OPENAT = Native.link("openat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), CAPTURE, Linker.Option.firstVariadicArg(3));
    private static final MethodHandle SYSCALL4 = Native.link("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG),
            CAPTURE, Linker.Option.firstVariadicArg(1));
    private static final MethodHandle CLOSE = errno("close", JAVA_INT, JAVA_INT);
    private static final MethodHandle MKDIRAT = errno("mkdirat", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle SYMLINKAT = errno("symlinkat", JAVA_INT, ADDRESS, JAVA_INT, ADDRESS);
    private static final MethodHandle LINKAT = errno("linkat", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle MKNODAT = errno("mknodat", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG);
    private static final MethodHandle UNLINKAT = errno("unlinkat", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle FCHOWNAT = errno("fchownat", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle FCHOWN = errno("fchown", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle FCHMOD = errno("fchmod", JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle FCHMODAT = errno("fchmodat", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
    private static final MethodHandle UTIMENSAT = errno("utimensat", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT);
    private static final MethodHandle FUTIMENS = errno("futimens", JAVA_INT, JAVA_INT, ADDRESS);
    private static final MethodHandle LSETXATTR = errno("lsetxattr", JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT);
    private static final MethodHandle SETXATTR = errno("setxattr", JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT);
    private static final MethodHandle LGETXATTR = errno("lgetxattr", JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG);
    private static final MethodHandle STATX = errno("statx", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS);
    private static final MethodHandle WRITE = errno("write", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG);
    private static final MethodHandle GETEUID = Native.link("geteuid", FunctionDescriptor.of(JAVA_INT));

    private static final int STATX_TYPE_AND_MODE = 0x3, STATX_SIZE = 256, STX_MODE_OFFSET = 28;
    private static final int ENODATA = Errno.ENODATA;

    private static MethodHandle errno(String name, java.lang.foreign.MemoryLayout ret,
                                      java.lang.foreign.MemoryLayout... args) {
        return Native.linkErrno(name, FunctionDescriptor.of(ret, args));
    }

    @Override
    public int open(String path, int flags, int mode) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment err = Native.errnoSegment(a);
            int fd = (int) OPEN.invokeExact(err, a.allocateFrom(path), flags, mode);
            return check(fd, err, "open `" + path + "`");
        } catch (Throwable t) { throw Native.rethrow(t); }
    }

    @Override
    public int openat(int dirfd, String name, int flags, int mode) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment err = Native.errnoSegment(a);
            int fd = (int) OPENAT.invokeExact(err, dirfd, a.allocateFrom(name), flags, mode);
            return check(fd, err, "openat `" + name + "`");
        } catch (Throwable t) { throw Native.rethrow(t); }
    }

    @Override
    public int openat2(int dirfd, String path, long flags, long mode, long resolve) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment err = Native.errnoSegment(a);
            MemorySegment how = a.allocate(24, 8);   // struct open_how { u64 flags, mode, resolve; }
            how.set(JAVA_LONG, 0, flags);
            how.set(JAVA_LONG, 8, mode);
            how.set(JAVA_LONG, 16, resolve);
            long fd = (long) SYSCALL4.invokeExact(err, FileFlags.SYS_OPENAT2, (long) dirfd,
                    a.allocateFrom(path), how, 24L);
            return check((int) fd, err, "openat2 `" + path + "`");
        } catch (Throwable t) { throw Native.rethrow(t); }
    }

    @Override
    public void close(int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment err = Native.errnoSegment(a);
            // Linux always releases the fd, even when close reports an error: never retry.
            check((int) CLOSE.invokeExact(err, fd), err, "close fd " + fd);
        } catch (Throwable t) { throw Native.rethrow(t); }
    }

    @Override
    public void mkdirat(int dirfd, String name, int mode) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment err = Native.errnoSegment(a);
            check((int) MKDIRAT.invokeExact(err, dirfd, a.allocateFrom(name), mode), err, "mkdirat `" + name + "`");
        } catch (Throwable t) { throw Native.rethrow(t); }
    }

    @Override
    public void symlinkat(String target, int dirfd, String name) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment err = Native.errnoSegment(a);
            int rc = (int) SYMLINKAT.invokeExact(err, a.allocateFrom(target), dirfd, a.allocateFrom(name));
            check(rc, err, "symlinkat `" + name + "` -> `" + target + "`");
        } catch (Throwable t) { throw Native.rethrow(t); }
    }

    @Override
    public void linkat(int olddirfd, String oldname, int newdirfd, String newname, int flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment err = Native.errnoSegment(a);
            int rc = (int) LINKAT.invokeExact(err, olddirfd, a.allocateFrom(oldname), newdirfd,
                    a.allocateFrom(newname), flags);
            check(rc, err, "linkat `" + newname + "` to `" + oldname + "`");
        } catch (Throwable t) { throw Native.rethrow(t); }
    }

    @Override
    public void mknodat(int dirfd, String name, int mode, long dev) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment err = Native.errnoSegment(a);
            check((int) MKNODAT.invokeExact(err, dirfd, a.allocateFrom(name), mode, dev), err, "mknodat `" + name + "`");
        } catch (Throwable t) { throw Native.rethrow(t); }
    }

    @Override
    public void unlinkat(int dirfd, String name, int flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment err = Native.errnoSegment(a);
            check((int) UNLINKAT.invokeExact(err, dirfd, a.allocateFrom(name), flags), err, "unlinkat `" + name + "`");
        } catch (Throwable t) { throw Native.rethrow(t); }
    }

    @Override
    public void fchownat(int dirfd, String name, long uid, long gid, int flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment err = Native.errnoSegment(a);
            int rc = (int) FCHOWNAT.invokeExact(err, dirfd, a.allocateFrom(name), (int) uid, (int) gid, flags);
            check(rc, err, "fchownat `" + name + "` to " + uid + ":" + gid);
        } catch (Throwable t) { throw Native.rethrow(t); }
    }

    @Override
    public void fchown(int fd, long uid, long gid) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment err = Native.errnoSegment(a);
            check((int) FCHOWN.invokeExact(err, fd, (int) uid, (int) gid), err, "fchown to " + uid + ":" + gid);
        } catch (Throwable t) { throw Native.rethrow(t); }
    }

    @Override
    public void fchmod(int fd, int mode) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment err = Native.errnoSegment(a);
            check((int) FCHMOD.invokeExact(err, fd, mode), err, "fchmod to " + Integer.toOctalString(mode));
        } catch (Throwable t) { throw Native.rethrow(t); }
    }

    @Override
    public void fchmodat(int dirfd, String name, int mode, int flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment err = Native.errnoSegment(a);
            int rc = (int) FCHMODAT.invokeExact(err, dirfd, a.allocateFrom(name), mode, flags);
            check(rc, err, "fchmodat `" + name + "` to " + Integer.toOctalString(mode));
        } catch (Throwable t) { throw Native.rethrow(t); }
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
            int rc = name == null ? (int) FUTIMENS.invokeExact(err, dirfd, times)
                    : (int) UTIMENSAT.invokeExact(err, dirfd, a.allocateFrom(name), times, flags);
            check(rc, err, "utimensat `" + (name == null ? "fd " + dirfd : name) + "`");
        } catch (Throwable t) { throw Native.rethrow(t); }
    }

    @Override
    public void setxattrAt(int dirfd, String name, String key, byte[] value) {
        // No setxattrat(2) before Linux 6.13: go through the fd's magic link, which only the
        // already-resolved directory follows; the final name is not followed (lsetxattr).
        String path = "/proc/self/fd/" + dirfd + (name == null ? "" : "/" + name);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment err = Native.errnoSegment(a);
            MemorySegment v = a.allocate(Math.max(1, value.length));
            MemorySegment.copy(value, 0, v, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, value.length);
            MethodHandle mh = name == null ? SETXATTR : LSETXATTR;
            int rc = (int) mh.invokeExact(err, a.allocateFrom(path), a.allocateFrom(key), v, (long) value.length, 0);
            check(rc, err, "setxattr `" + key + "` on `" + (name == null ? "." : name) + "`");
        } catch (Throwable t) { throw Native.rethrow(t); }
    }

    @Override
    public byte[] lgetxattr(String path, String key) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment err = Native.errnoSegment(a);
            MemorySegment v = a.allocate(65536);
            long n = (long) LGETXATTR.invokeExact(err, a.allocateFrom(path), a.allocateFrom(key), v, 65536L);
            if (n == -1 && Native.errno(err) == ENODATA) return null;
            check((int) Math.min(n, 0), err, "getxattr `" + key + "` on `" + path + "`");
            return v.asSlice(0, n).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        } catch (Throwable t) { throw Native.rethrow(t); }
    }

    @Override
    public int lstatMode(int dirfd, String name) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment err = Native.errnoSegment(a);
            MemorySegment stx = a.allocate(STATX_SIZE, 8);
            int rc = (int) STATX.invokeExact(err, dirfd, a.allocateFrom(name), FileFlags.AT_SYMLINK_NOFOLLOW,
                    STATX_TYPE_AND_MODE, stx);
            check(rc, err, "statx `" + name + "`");
            return Short.toUnsignedInt(stx.get(JAVA_SHORT, STX_MODE_OFFSET));
        } catch (Throwable t) { throw Native.rethrow(t); }
    }

    @Override
    public void writeFully(int fd, MemorySegment buffer, long length) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment err = Native.errnoSegment(a);
            long done = 0;
            while (done < length) {
                long n = (long) WRITE.invokeExact(err, fd, buffer.asSlice(done), length - done);
                if (n == -1 && Native.errno(err) == Errno.EINTR) continue;
                if (n == -1) throw new SyscallException("write", Native.errno(err));
                done += n;
            }
        } catch (Throwable t) { throw Native.rethrow(t); }
    }

    @Override
    public int geteuid() {
        try {
            return (int) GETEUID.invokeExact();
        } catch (Throwable t) { throw Native.rethrow(t); }
    }

    private static int check(int rc, MemorySegment err, String what) {
        if (rc == -1) throw new SyscallException(what, Native.errno(err));
        return rc;
    }
}
