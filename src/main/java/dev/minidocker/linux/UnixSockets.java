package dev.minidocker.linux;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * AF_UNIX stream socket pairs and passing file descriptors over them (SCM_RIGHTS): how the
 * launcher hands a waiting stage 2 its stdio at release. struct msghdr, iovec and cmsghdr have
 * the same layout on x86_64 and aarch64 (LP64), so the offsets below hold for both.
 */
public final class UnixSockets {
    private static final int AF_UNIX = 1, SOCK_STREAM = 1, SOCK_CLOEXEC = 02000000;
    private static final int SOL_SOCKET = 1, SCM_RIGHTS = 1;
    private static final int MSG_NOSIGNAL = 0x4000, MSG_CMSG_CLOEXEC = 0x40000000;
    /** Most descriptors one message may carry here (stdin, stdout, stderr; room to spare). */
    public static final int MAX_FDS = 8;
    // struct msghdr: name, namelen, iov, iovlen, control, controllen, flags (56 bytes).
    private static final long MSG_IOV = 16, MSG_IOVLEN = 24, MSG_CONTROL = 32, MSG_CONTROLLEN = 40, MSGHDR_SIZE = 56;
    private static final long CMSG_HEADER = 16; // cmsg_len (size_t), cmsg_level, cmsg_type

    // All through Native.call's single downcall shape (see there).
    private static final MemorySegment SOCKETPAIR = Native.function("socketpair"),
            SENDMSG = Native.function("sendmsg"), RECVMSG = Native.function("recvmsg"),
            SOCKET = Native.function("socket"), CONNECT = Native.function("connect"), CLOSE = Native.function("close"),
            SHUTDOWN = Native.function("shutdown");
    private static final int SHUT_WR = 1;
    private static final int SUN_PATH_MAX = 108;

    private UnixSockets() {}

    /** socketpair(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC): two connected ends. */
    public static int[] socketPair() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            MemorySegment fds = a.allocate(JAVA_INT, 2);
            if (Native.call(SOCKETPAIR, e, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds.address()) == -1) {
                throw new SyscallException("socketpair AF_UNIX", Native.errno(e));
            }
            return new int[] {fds.getAtIndex(JAVA_INT, 0), fds.getAtIndex(JAVA_INT, 1)};
        }
    }

    /** socket(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC) connected to {@code path} (an OCI console socket). */
    public static int connect(String path) {
        byte[] name = path.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (name.length >= SUN_PATH_MAX) throw new IllegalArgumentException("socket path too long: " + path);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            int fd = (int) Native.call(SOCKET, e, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
            if (fd == -1) throw new SyscallException("socket AF_UNIX", Native.errno(e));
            MemorySegment addr = a.allocate(2 + SUN_PATH_MAX); // struct sockaddr_un, zeroed
            addr.set(java.lang.foreign.ValueLayout.JAVA_SHORT, 0, (short) AF_UNIX);
            MemorySegment.copy(name, 0, addr, JAVA_BYTE, 2, name.length);
            if ((int) Native.call(CONNECT, e, fd, addr.address(), 2 + name.length + 1) == -1) {
                int errno = Native.errno(e);
                Native.call(CLOSE, e, fd);
                throw new SyscallException("connect `" + path + "`", errno);
            }
            return fd;
        }
    }

    /**
     * Sends all of {@code data} on {@code socket}; the descriptors in {@code fds} (may be empty)
     * travel with its first byte. The receiver gets its own copies; the caller still owns these.
     */
    public static void send(int socket, byte[] data, int[] fds) {
        if (data.length == 0 && fds.length > 0) throw new IllegalArgumentException("descriptors need at least one byte");
        if (fds.length > MAX_FDS) throw new IllegalArgumentException("at most " + MAX_FDS + " descriptors");
        if (data.length == 0) return;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            MemorySegment buf = a.allocate(Math.max(1, data.length));
            MemorySegment.copy(data, 0, buf, JAVA_BYTE, 0, data.length);
            MemorySegment iov = a.allocate(16, 8);
            MemorySegment msg = a.allocate(MSGHDR_SIZE, 8);
            msg.set(JAVA_LONG, MSG_IOV, iov.address());
            msg.set(JAVA_LONG, MSG_IOVLEN, 1);
            if (fds.length > 0) {
                MemorySegment control = a.allocate(space(fds.length), 8);
                control.set(JAVA_LONG, 0, CMSG_HEADER + 4L * fds.length);
                control.set(JAVA_INT, 8, SOL_SOCKET);
                control.set(JAVA_INT, 12, SCM_RIGHTS);
                for (int i = 0; i < fds.length; i++) control.set(JAVA_INT, CMSG_HEADER + 4L * i, fds[i]);
                msg.set(JAVA_LONG, MSG_CONTROL, control.address());
                msg.set(JAVA_LONG, MSG_CONTROLLEN, control.byteSize());
            }
            long done = 0;
            while (done < data.length) {
                iov.set(JAVA_LONG, 0, buf.address() + done);
                iov.set(JAVA_LONG, 8, data.length - done);
                long n = Native.call(SENDMSG, e, socket, msg.address(), MSG_NOSIGNAL);
                if (n == -1) {
                    if (Native.errno(e) == Errno.EINTR) continue;
                    throw new SyscallException("sendmsg fd " + socket, Native.errno(e));
                }
                done += n;
                // The descriptors went with the first bytes sent; later parts are plain data.
                msg.set(JAVA_LONG, MSG_CONTROL, 0);
                msg.set(JAVA_LONG, MSG_CONTROLLEN, 0);
            }
        }
    }

    /** shutdown(SHUT_WR): the peer reads EOF, and this end can still receive. */
    public static void shutdownWrite(int socket) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            if (Native.call(SHUTDOWN, e, socket, SHUT_WR) == -1) throw new SyscallException("shutdown fd " + socket, Native.errno(e));
        }
    }

    /** What {@link #receiveAll} read: the bytes up to EOF and every descriptor that came with them. */
    public record Received(byte[] data, int[] fds) {}

    /**
     * Reads {@code socket} until EOF, collecting the descriptors sent along (close-on-exec, owned
     * by the caller). More than {@link #MAX_FDS} in one message: the extra ones are lost (MSG_CTRUNC).
     */
    public static Received receiveAll(int socket) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        List<Integer> fds = new ArrayList<>();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            int chunk = 16 * 1024;
            MemorySegment buf = a.allocate(chunk);
            MemorySegment iov = a.allocate(16, 8);
            iov.set(JAVA_LONG, 0, buf.address());
            iov.set(JAVA_LONG, 8, chunk);
            MemorySegment control = a.allocate(space(MAX_FDS), 8);
            MemorySegment msg = a.allocate(MSGHDR_SIZE, 8);
            byte[] copy = new byte[chunk];
            while (true) {
                msg.fill((byte) 0);
                msg.set(JAVA_LONG, MSG_IOV, iov.address());
                msg.set(JAVA_LONG, MSG_IOVLEN, 1);
                msg.set(JAVA_LONG, MSG_CONTROL, control.address());
                msg.set(JAVA_LONG, MSG_CONTROLLEN, control.byteSize());
                long n = Native.call(RECVMSG, e, socket, msg.address(), MSG_CMSG_CLOEXEC);
                if (n == -1) {
                    if (Native.errno(e) == Errno.EINTR) continue;
                    fds.forEach(ProcessSyscalls::close);
                    throw new SyscallException("recvmsg fd " + socket, Native.errno(e));
                }
                collect(control, msg.get(JAVA_LONG, MSG_CONTROLLEN), fds);
                if (n == 0) break;
                MemorySegment.copy(buf, JAVA_BYTE, 0, copy, 0, (int) n);
                data.write(copy, 0, (int) n);
            }
        }
        int[] received = new int[fds.size()]; // no streams: stage 2 runs this interpreted, at release
        for (int i = 0; i < received.length; i++) received[i] = fds.get(i);
        return new Received(data.toByteArray(), received);
    }

    /** The SCM_RIGHTS descriptors in the first {@code length} bytes of a control buffer. */
    private static void collect(MemorySegment control, long length, List<Integer> into) {
        long off = 0;
        while (off + CMSG_HEADER <= length) {
            long len = control.get(JAVA_LONG, off);
            if (len < CMSG_HEADER) break;
            if (control.get(JAVA_INT, off + 8) == SOL_SOCKET && control.get(JAVA_INT, off + 12) == SCM_RIGHTS) {
                for (long p = off + CMSG_HEADER; p + 4 <= off + len; p += 4) into.add(control.get(JAVA_INT, p));
            }
            off += (len + 7) & ~7L;
        }
    }

    /** CMSG_SPACE for {@code n} ints. */
    private static long space(int n) {
        return CMSG_HEADER + ((4L * n + 7) & ~7L);
    }
}
