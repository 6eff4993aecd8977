package dev.minidocker.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.List;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** File descriptors, pipes, waiting, signals and execve: the process plumbing of the launcher. */
public final class ProcessSyscalls {
    public static final int O_CLOEXEC = 02000000;
    private static final int F_DUPFD_CLOEXEC = 1030;

    private static final MethodHandle CLOSE = Native.linkErrno("close",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle READ = Native.linkErrno("read",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle WRITE = Native.linkErrno("write",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle EXECVE = Native.linkErrno("execve",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle EXIT = Native.link("_exit", FunctionDescriptor.ofVoid(JAVA_INT));

    /** Linked on first use: stage 2, which is on every run's critical path, never needs these. */
    private static final class ParentSide {
        static final MethodHandle PIPE2 = Native.linkErrno("pipe2",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        static final MethodHandle FCNTL = Native.link("fcntl",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT),
                Native.CAPTURE_ERRNO, java.lang.foreign.Linker.Option.firstVariadicArg(2));
        static final MethodHandle WAITPID = Native.linkErrno("waitpid",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
        static final MethodHandle KILL = Native.linkErrno("kill",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    }

    private ProcessSyscalls() {}

    /** pipe2(O_CLOEXEC): {read end, write end}. */
    public static int[] pipe() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            MemorySegment fds = a.allocate(JAVA_INT, 2);
            check((int) ParentSide.PIPE2.invokeExact(e, fds, O_CLOEXEC), e, "pipe2");
            return new int[] {fds.getAtIndex(JAVA_INT, 0), fds.getAtIndex(JAVA_INT, 1)};
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** A CLOEXEC duplicate of {@code fd} numbered {@code >= min}. */
    public static int dupAbove(int fd, int min) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            return check((int) ParentSide.FCNTL.invokeExact(e, fd, F_DUPFD_CLOEXEC, min), e, "fcntl F_DUPFD_CLOEXEC " + fd);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** close(2); errors (EBADF, EINTR) are not actionable and ignored. */
    public static void close(int fd) {
        if (fd < 0) return;
        try (Arena a = Arena.ofConfined()) {
            int ignored = (int) CLOSE.invokeExact(Native.errnoSegment(a), fd);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** read(2), retried on EINTR: bytes read, 0 at EOF. */
    public static int read(int fd, byte[] buf, int off, int len) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            MemorySegment seg = a.allocate(Math.max(1, len));
            while (true) {
                long n = (long) READ.invokeExact(e, fd, seg, (long) len);
                if (n >= 0) {
                    MemorySegment.copy(seg, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, buf, off, (int) n);
                    return (int) n;
                }
                if (Native.errno(e) != Errno.EINTR) throw new SyscallException("read fd " + fd, Native.errno(e));
            }
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Reads until EOF. */
    public static byte[] readAll(int fd) {
        var out = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        for (int n; (n = read(fd, buf, 0, buf.length)) > 0; ) out.write(buf, 0, n);
        return out.toByteArray();
    }

    /** Writes all of {@code len} bytes, retrying on EINTR and short writes. */
    public static void writeFully(int fd, byte[] buf, int off, int len) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            MemorySegment seg = a.allocate(Math.max(1, len));
            MemorySegment.copy(buf, off, seg, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, len);
            long done = 0;
            while (done < len) {
                long n = (long) WRITE.invokeExact(e, fd, seg.asSlice(done), (long) len - done);
                if (n >= 0) done += n;
                else if (Native.errno(e) != Errno.EINTR) throw new SyscallException("write fd " + fd, Native.errno(e));
            }
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** waitpid(pid, &status, 0), retried on EINTR: the raw wait status. */
    public static int waitpid(int pid) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            MemorySegment status = a.allocate(JAVA_INT);
            while (true) {
                int rc = (int) ParentSide.WAITPID.invokeExact(e, pid, status, 0);
                if (rc == pid) return status.get(JAVA_INT, 0);
                if (Native.errno(e) != Errno.EINTR) throw new SyscallException("waitpid " + pid, Native.errno(e));
            }
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /**
     * waitpid(-1, &status, 0), retried on EINTR: {@code pid << 32 | status} of any child that
     * ended, or -1 when there are no children left (ECHILD). The reaping loop of --init.
     */
    public static long waitAny() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            MemorySegment status = a.allocate(JAVA_INT);
            while (true) {
                int rc = (int) ParentSide.WAITPID.invokeExact(e, -1, status, 0);
                if (rc > 0) return ((long) rc << 32) | (status.get(JAVA_INT, 0) & 0xffffffffL);
                int err = Native.errno(e);
                if (err == Errno.ECHILD) return -1;
                if (err != Errno.EINTR) throw new SyscallException("waitpid -1", err);
            }
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Docker's view of a wait status: the exit code, or 128+N when signal N killed the process. */
    public static int exitCode(int waitStatus) {
        int signal = waitStatus & 0x7f;
        return signal == 0 ? (waitStatus >> 8) & 0xff : 128 + signal;
    }

    /** kill(2); false when the process is gone (ESRCH). */
    public static boolean kill(int pid, int signo) {
        if (pid <= 0) throw new IllegalArgumentException("refusing to signal pid " + pid);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            if ((int) ParentSide.KILL.invokeExact(e, pid, signo) == 0) return true;
            if (Native.errno(e) == Errno.ESRCH) return false;
            throw new SyscallException("kill " + pid + " with signal " + signo, Native.errno(e));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** execve(2): returns only on failure, with the errno. */
    public static int execve(String path, List<String> argv, List<String> envp) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            int ignored = (int) EXECVE.invokeExact(e, a.allocateFrom(path), cStrings(a, argv), cStrings(a, envp));
            return Native.errno(e);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** close_range(first, ~0U, CLOSE_RANGE_CLOEXEC): every fd >= first closes at execve. */
    public static void closeRangeOnExec(int first) {
        RawSyscall.call("close_range " + first, Arch.CURRENT.closeRange(), first, 0xFFFFFFFFL, 4);
    }

    /** _exit(2): no shutdown hooks, no flushing. */
    public static void exit(int code) {
        try {
            EXIT.invokeExact(code);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** A NULL-terminated char* array. */
    public static MemorySegment cStrings(Arena a, List<String> strings) {
        MemorySegment array = a.allocate(ADDRESS, strings.size() + 1);
        for (int i = 0; i < strings.size(); i++) array.setAtIndex(ADDRESS, i, a.allocateFrom(strings.get(i)));
        array.setAtIndex(ADDRESS, strings.size(), MemorySegment.NULL);
        return array;
    }

    private static int check(int rc, MemorySegment errno, String what) {
        if (rc == -1) throw new SyscallException(what, Native.errno(errno));
        return rc;
    }
}
