package dev.minidocker.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@link MountSyscalls} through FFM; every failure names the call and its paths. */
public class LinuxMountSyscalls implements MountSyscalls {
    private static final int O_PATH = 010000000, O_CLOEXEC = 02000000, O_CREAT = 0100, O_WRONLY = 1;
    private static final long RESOLVE_NO_MAGICLINKS = 2, RESOLVE_BENEATH = 8;

    // All through Native.call's single downcall shape (see there).
    private static final MemorySegment MOUNT = Native.function("mount"), UMOUNT2 = Native.function("umount2"),
            OPEN = Native.function("open"), CHDIR = Native.function("chdir"), MKDIRAT = Native.function("mkdirat"),
            OPENAT = Native.function("openat"), SYMLINKAT = Native.function("symlinkat"),
            STATVFS = Native.function("statvfs");
    /** struct statvfs on 64-bit glibc (x86_64 and aarch64): 112 bytes, f_flag at 72. */
    private static final long STATVFS_SIZE = 112, STATVFS_F_FLAG = 72;

    @Override
    public void mount(String source, String target, String fstype, long flags, String data) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            int rc = (int) Native.call(MOUNT, e, Native.cString(a, source), Native.cString(a, target),
                    Native.cString(a, fstype), flags, Native.cString(a, data));
            check(rc, e, "mount `" + (fstype != null && !fstype.isEmpty() ? fstype : source) + "` on `" + target + "`");
        }
    }

    @Override
    public void umount2(String target, int flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            check((int) Native.call(UMOUNT2, e, Native.cString(a, target), flags), e, "umount `" + target + "`");
        }
    }

    @Override
    public void pivotRoot(String newRoot, String putOld) {
        try (Arena a = Arena.ofConfined()) {
            RawSyscall.call("pivot_root `" + newRoot + "`", Arch.CURRENT.pivotRoot(),
                    a.allocateFrom(newRoot).address(), a.allocateFrom(putOld).address());
        }
    }

    @Override
    public void chdir(String path) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            check((int) Native.call(CHDIR, e, Native.cString(a, path)), e, "chdir `" + path + "`");
        }
    }

    @Override
    public int openDirectory(String path) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            int flags = O_PATH | O_CLOEXEC | Arch.CURRENT.oDirectory();
            return check((int) Native.call(OPEN, e, Native.cString(a, path), flags), e, "open `" + path + "`");
        }
    }

    @Override
    public int openBeneath(int rootFd, String relative) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment how = a.allocate(JAVA_LONG, 3); // struct open_how { flags, mode, resolve }
            how.setAtIndex(JAVA_LONG, 0, O_PATH | O_CLOEXEC);
            how.setAtIndex(JAVA_LONG, 2, RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS);
            return (int) RawSyscall.call("open `" + relative + "` inside the container root",
                    Arch.CURRENT.openat2(), rootFd, a.allocateFrom(relative).address(), how.address(), 24);
        }
    }

    @Override
    public void mkdirAt(int dirFd, String name, int mode) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            int rc = (int) Native.call(MKDIRAT, e, dirFd, Native.cString(a, name), mode);
            if (rc == -1 && Native.errno(e) == Errno.EEXIST) return;
            check(rc, e, "mkdir `" + name + "`");
        }
    }

    @Override
    public void createFileAt(int dirFd, String name) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            int flags = O_CREAT | O_WRONLY | O_CLOEXEC | Arch.CURRENT.oNofollow();
            int fd = check((int) Native.call(OPENAT, e, dirFd, Native.cString(a, name), flags, 0644), e,
                    "create `" + name + "`");
            close(fd);
        }
    }

    @Override
    public void symlinkAt(String target, int dirFd, String name) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            int rc = (int) Native.call(SYMLINKAT, e, Native.cString(a, target), dirFd, Native.cString(a, name));
            if (rc == -1 && Native.errno(e) == Errno.EEXIST) return;
            check(rc, e, "symlink `" + name + "` -> `" + target + "`");
        }
    }

    /**
     * statvfs(3)'s f_flag for {@code path}: the flags of the mount it is on. ST_RDONLY, ST_NOSUID,
     * ST_NODEV, ST_NOEXEC, ST_NOATIME and ST_NODIRATIME have the values of the MS_ flags.
     */
    public long mountFlags(String path) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            MemorySegment buf = a.allocate(STATVFS_SIZE, 8);
            check((int) Native.call(STATVFS, e, Native.cString(a, path), buf.address()), e, "statvfs `" + path + "`");
            return buf.get(JAVA_LONG, STATVFS_F_FLAG);
        }
    }

    @Override
    public void close(int fd) {
        ProcessSyscalls.close(fd);
    }

    private static int check(int rc, MemorySegment errno, String what) {
        if (rc == -1) throw new SyscallException(what, Native.errno(errno));
        return rc;
    }
}
