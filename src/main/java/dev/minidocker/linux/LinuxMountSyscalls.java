package dev.minidocker.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@link MountSyscalls} through FFM; every failure names the call and its paths. */
public final class LinuxMountSyscalls implements MountSyscalls {
    private static final int O_PATH = 010000000, O_CLOEXEC = 02000000, O_CREAT = 0100, O_WRONLY = 1;
    private static final long RESOLVE_NO_MAGICLINKS = 2, RESOLVE_BENEATH = 8;

    private static final MethodHandle MOUNT = Native.linkErrno("mount", FunctionDescriptor.of(
            JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
    private static final MethodHandle UMOUNT2 = Native.linkErrno("umount2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle OPEN = Native.linkErrno("open",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle CHDIR = Native.linkErrno("chdir",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle MKDIRAT = Native.linkErrno("mkdirat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle OPENAT = Native.linkErrno("openat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle SYMLINKAT = Native.linkErrno("symlinkat",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));

    @Override
    public void mount(String source, String target, String fstype, long flags, String data) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            int rc = (int) MOUNT.invokeExact(e, str(a, source), str(a, target), str(a, fstype), flags, str(a, data));
            check(rc, e, "mount `" + (fstype != null && !fstype.isEmpty() ? fstype : source) + "` on `" + target + "`");
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    @Override
    public void umount2(String target, int flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            check((int) UMOUNT2.invokeExact(e, a.allocateFrom(target), flags), e, "umount `" + target + "`");
        } catch (Throwable t) {
            throw Native.rethrow(t);
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
            check((int) CHDIR.invokeExact(e, a.allocateFrom(path)), e, "chdir `" + path + "`");
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    @Override
    public int openDirectory(String path) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            int flags = O_PATH | O_CLOEXEC | Arch.CURRENT.oDirectory();
            return check((int) OPEN.invokeExact(e, a.allocateFrom(path), flags), e, "open `" + path + "`");
        } catch (Throwable t) {
            throw Native.rethrow(t);
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
            int rc = (int) MKDIRAT.invokeExact(e, dirFd, a.allocateFrom(name), mode);
            if (rc == -1 && Native.errno(e) == Errno.EEXIST) return;
            check(rc, e, "mkdir `" + name + "`");
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    @Override
    public void createFileAt(int dirFd, String name) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            int flags = O_CREAT | O_WRONLY | O_CLOEXEC | Arch.CURRENT.oNofollow();
            int fd = check((int) OPENAT.invokeExact(e, dirFd, a.allocateFrom(name), flags, 0644), e,
                    "create `" + name + "`");
            close(fd);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    @Override
    public void symlinkAt(String target, int dirFd, String name) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            int rc = (int) SYMLINKAT.invokeExact(e, a.allocateFrom(target), dirFd, a.allocateFrom(name));
            if (rc == -1 && Native.errno(e) == Errno.EEXIST) return;
            check(rc, e, "symlink `" + name + "` -> `" + target + "`");
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    @Override
    public void close(int fd) {
        ProcessSyscalls.close(fd);
    }

    private static MemorySegment str(Arena a, String s) {
        return s == null ? MemorySegment.NULL : a.allocateFrom(s);
    }

    private static int check(int rc, MemorySegment errno, String what) {
        if (rc == -1) throw new SyscallException(what, Native.errno(errno));
        return rc;
    }
}
