package dev.minidocker.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Named pipes for container output. The container gets an O_RDWR descriptor: it counts as a reader
 * too, so its writes never fail with SIGPIPE/EPIPE while no supervisor reads, and data waits in the
 * pipe until a (restarted) supervisor opens a non-blocking reader again.
 */
public final class Fifo {
    private static final int O_NONBLOCK = 04000;
    // One holder each, linked on first use: a downcall stub costs milliseconds in a short-lived JVM,
    // and mini-docker-runtime's create only makes a FIFO.
    private static final class Mkfifo {
        static final MethodHandle H = Native.linkErrno("mkfifo", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    }

    private static final class Open {
        static final MethodHandle H = Native.linkErrno("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    }

    private static final class Read {
        static final MethodHandle H = Native.linkErrno("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    }

    /** read returned "no data now" (EAGAIN on a non-blocking descriptor). */
    public static final int WOULD_BLOCK = -1;

    private Fifo() {}

    /** mkfifo(path, 0600); an existing FIFO is fine. */
    public static void create(String path) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            if ((int) Mkfifo.H.invokeExact(e, a.allocateFrom(path), 0600) == -1 && Native.errno(e) != Errno.EEXIST) {
                throw new SyscallException("mkfifo `" + path + "`", Native.errno(e));
            }
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** The container's end: O_RDWR | O_CLOEXEC (the launcher dups it onto fd 1 or 2). */
    public static int openForContainer(String path) {
        return open(path, FileFlags.O_RDWR | FileFlags.O_CLOEXEC);
    }

    /**
     * A container's stdin: O_RDONLY | O_CLOEXEC, so that it sees end of file once the daemon's
     * writer (an {@link #openForContainer} descriptor held open) closes. Does not block while
     * that writer exists.
     */
    public static int openStdinForContainer(String path) {
        return open(path, FileFlags.O_RDONLY | FileFlags.O_CLOEXEC);
    }

    /** The supervisor's end: O_RDONLY | O_NONBLOCK | O_CLOEXEC; never blocks, even without writers. */
    public static int openReader(String path) {
        return open(path, FileFlags.O_RDONLY | O_NONBLOCK | FileFlags.O_CLOEXEC);
    }

    private static int open(String path, int flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            int fd = (int) Open.H.invokeExact(e, a.allocateFrom(path), flags, 0);
            if (fd == -1) throw new SyscallException("open `" + path + "`", Native.errno(e));
            return fd;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Non-blocking read: bytes read, 0 at end of file (no writer left), or {@link #WOULD_BLOCK}. */
    public static int read(int fd, byte[] buf) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            MemorySegment seg = a.allocate(buf.length);
            while (true) {
                long n = (long) Read.H.invokeExact(e, fd, seg, (long) buf.length);
                if (n >= 0) {
                    MemorySegment.copy(seg, JAVA_BYTE, 0, buf, 0, (int) n);
                    return (int) n;
                }
                int err = Native.errno(e);
                if (err == Errno.EAGAIN) return WOULD_BLOCK;
                if (err != Errno.EINTR) throw new SyscallException("read fifo fd " + fd, err);
            }
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }
}
