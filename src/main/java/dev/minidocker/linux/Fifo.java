package dev.minidocker.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * Named pipes for container output. The container gets an O_RDWR descriptor: it counts as a reader
 * too, so its writes never fail with SIGPIPE/EPIPE while no supervisor reads, and data waits in the
 * pipe until a (restarted) supervisor opens a non-blocking reader again.
 */
public final class Fifo {
    private static final int O_NONBLOCK = 04000;
    // Through Native.call's one shared shape: a downcall stub of its own costs an interpreted JVM
    // ~10 ms, and mini-docker-runtime's create makes a FIFO on its critical path.
    private static final MemorySegment MKFIFO = Native.function("mkfifo");
    private static final MemorySegment OPEN = Native.function("open");
    private static final MemorySegment READ = Native.function("read");

    /** read returned "no data now" (EAGAIN on a non-blocking descriptor). */
    public static final int WOULD_BLOCK = -1;

    private Fifo() {}

    /** mkfifo(path, 0600); an existing FIFO is fine. */
    public static void create(String path) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            if ((int) Native.call(MKFIFO, e, Native.cString(a, path), 0600) == -1 && Native.errno(e) != Errno.EEXIST) {
                throw new SyscallException("mkfifo `" + path + "`", Native.errno(e));
            }
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
            int fd = (int) Native.call(OPEN, e, Native.cString(a, path), flags, 0);
            if (fd == -1) throw new SyscallException("open `" + path + "`", Native.errno(e));
            return fd;
        }
    }

    /** Non-blocking read: bytes read, 0 at end of file (no writer left), or {@link #WOULD_BLOCK}. */
    public static int read(int fd, byte[] buf) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            MemorySegment seg = a.allocate(buf.length);
            while (true) {
                long n = Native.call(READ, e, fd, seg.address(), buf.length);
                if (n >= 0) {
                    MemorySegment.copy(seg, JAVA_BYTE, 0, buf, 0, (int) n);
                    return (int) n;
                }
                int err = Native.errno(e);
                if (err == Errno.EAGAIN) return WOULD_BLOCK;
                if (err != Errno.EINTR) throw new SyscallException("read fifo fd " + fd, err);
            }
        }
    }
}
