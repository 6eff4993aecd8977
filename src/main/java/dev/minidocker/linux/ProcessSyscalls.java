package dev.minidocker.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/** File descriptors, pipes, waiting, signals and execve: the process plumbing of the launcher. */
public final class ProcessSyscalls {
    public static final int O_CLOEXEC = 02000000;
    private static final int F_DUPFD_CLOEXEC = 1030;
    private static final int WNOHANG = 1;

    // All through Native.call's single downcall shape (see there).
    private static final MemorySegment CLOSE = Native.function("close"), READ = Native.function("read"),
            WRITE = Native.function("write"), EXECVE = Native.function("execve"), EXIT = Native.function("_exit"),
            PIPE2 = Native.function("pipe2"), FCNTL = Native.function("fcntl"), WAITPID = Native.function("waitpid"),
            KILL = Native.function("kill"), OPEN = Native.function("open"), DUP2 = Native.function("dup2");

    private ProcessSyscalls() {}

    /** pipe2(O_CLOEXEC): {read end, write end}. */
    public static int[] pipe() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            MemorySegment fds = a.allocate(JAVA_INT, 2);
            check((int) Native.call(PIPE2, e, fds.address(), O_CLOEXEC), e, "pipe2");
            return new int[] {fds.getAtIndex(JAVA_INT, 0), fds.getAtIndex(JAVA_INT, 1)};
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** A CLOEXEC duplicate of {@code fd} numbered {@code >= min}. */
    public static int dupAbove(int fd, int min) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            return check((int) Native.call(FCNTL, e, fd, F_DUPFD_CLOEXEC, min), e, "fcntl F_DUPFD_CLOEXEC " + fd);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** dup2(2): {@code target} becomes a copy of {@code fd}, without close-on-exec. */
    public static void dup2(int fd, int target) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            while (true) {
                if ((int) Native.call(DUP2, e, fd, target) != -1) return;
                if (Native.errno(e) != Errno.EINTR) throw new SyscallException("dup2 " + fd + " to " + target, Native.errno(e));
            }
        }
    }

    /** open(2) of an existing file (no O_CREAT): the new fd. */
    public static int open(String path, int flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            return check((int) Native.call(OPEN, e, a.allocateFrom(path).address(), flags), e, "open `" + path + "`");
        }
    }

    /** close(2); errors (EBADF, EINTR) are not actionable and ignored. */
    public static void close(int fd) {
        if (fd < 0) return;
        try (Arena a = Arena.ofConfined()) {
            Native.call(CLOSE, Native.errnoSegment(a), fd);
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
                long n = Native.call(READ, e, fd, seg.address(), len);
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
                long n = Native.call(WRITE, e, fd, seg.address() + done, len - done);
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
                int rc = (int) Native.call(WAITPID, e, pid, status.address(), 0);
                if (rc == pid) return status.get(JAVA_INT, 0);
                if (Native.errno(e) != Errno.EINTR) throw new SyscallException("waitpid " + pid, Native.errno(e));
            }
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** waitpid(pid, &status, WNOHANG): true once the child has ended and is reaped (or is no child of ours). */
    public static boolean reapIfEnded(int pid) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            MemorySegment status = a.allocate(JAVA_INT);
            while (true) {
                int rc = (int) Native.call(WAITPID, e, pid, status.address(), WNOHANG);
                if (rc == pid) return true;
                if (rc == 0) return false;
                int err = Native.errno(e);
                if (err == Errno.ECHILD) return true;
                if (err != Errno.EINTR) throw new SyscallException("waitpid " + pid, err);
            }
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
                int rc = (int) Native.call(WAITPID, e, -1, status.address(), 0);
                if (rc > 0) return ((long) rc << 32) | (status.get(JAVA_INT, 0) & 0xffffffffL);
                int err = Native.errno(e);
                if (err == Errno.ECHILD) return -1;
                if (err != Errno.EINTR) throw new SyscallException("waitpid -1", err);
            }
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
            if ((int) Native.call(KILL, e, pid, signo) == 0) return true;
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
            Native.call(EXECVE, e, a.allocateFrom(path).address(), cStrings(a, argv).address(), cStrings(a, envp).address());
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
        try (Arena a = Arena.ofConfined()) {
            Native.call(EXIT, Native.errnoSegment(a), code);
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
