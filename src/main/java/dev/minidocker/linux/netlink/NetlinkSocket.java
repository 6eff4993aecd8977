package dev.minidocker.linux.netlink;

import dev.minidocker.linux.Errno;
import dev.minidocker.linux.Native;
import dev.minidocker.linux.NetNamespace;
import dev.minidocker.linux.SyscallException;
import dev.minidocker.linux.ThrowawayThread;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * A NETLINK_ROUTE socket (or, from {@link #openNetfilter}, a NETLINK_NETFILTER one). A socket belongs to the network namespace it was created in, whichever
 * thread uses it later: {@link #openIn} creates one on a throwaway thread that first setns()es into
 * a container's namespace, so the caller can configure the container's links from anywhere.
 * Requests go out batched in one send; every request asks for an ACK and the first error fails the
 * batch with the request's name and the kernel's errno.
 */
public final class NetlinkSocket implements AutoCloseable {
    private static final int AF_NETLINK = 16, SOCK_RAW = 3, SOCK_CLOEXEC = 02000000, NETLINK_ROUTE = 0,
            NETLINK_NETFILTER = 12;
    private static final int RECV_BUFFER = 64 * 1024;
    public static final int ENODEV = 19;
    // Through Native.call's one shared downcall shape: no stubs of their own on run's critical path.
    private static final MemorySegment SOCKET = Native.function("socket"), SEND = Native.function("send"),
            RECV = Native.function("recv"), CLOSE = Native.function("close");

    private final int fd;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment buffer = arena.allocate(RECV_BUFFER, 8);
    private int seq = 1;

    private NetlinkSocket(int fd) {
        this.fd = fd;
    }

    /** A socket in the caller's network namespace. */
    public static NetlinkSocket open() {
        return open(NETLINK_ROUTE, "NETLINK_ROUTE");
    }

    /** A NETLINK_NETFILTER socket in the caller's network namespace: nf_tables requests ({@link NfTables}). */
    public static NetlinkSocket openNetfilter() {
        return open(NETLINK_NETFILTER, "NETLINK_NETFILTER");
    }

    private static NetlinkSocket open(int protocol, String name) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            int fd = (int) Native.call(SOCKET, e, AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, protocol);
            if (fd == -1) throw new SyscallException("socket AF_NETLINK " + name, Native.errno(e));
            return new NetlinkSocket(fd);
        }
    }

    /** A socket in the network namespace of process {@code pid} (namespaces are per thread). */
    public static NetlinkSocket openIn(long pid) {
        return ThrowawayThread.call("minidocker-netns", () -> {
            NetNamespace.enter("/proc/" + pid + "/ns/net");
            return open();
        });
    }

    /** Sends the requests in one datagram and waits for each ACK; the first error throws. */
    public void execute(List<NetlinkMessage> requests) {
        if (requests.isEmpty()) return;
        int first = seq;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (NetlinkMessage m : requests) {
            out.writeBytes(m.encode(seq++));
        }
        send(out.toByteArray(), requests.getFirst().what());
        int pending = requests.size();
        SyscallException error = null;
        while (pending > 0) {
            for (Reply r : receive()) {
                if (r.type() != Rtnl.NLMSG_ERROR || r.seq() < first || r.seq() >= first + requests.size()) continue;
                pending--;
                int errno = -r.u32(0);
                if (errno != 0 && error == null) {
                    error = new SyscallException("netlink " + requests.get(r.seq() - first).what(), errno);
                }
            }
        }
        if (error != null) throw error;
    }

    public void execute(NetlinkMessage request) {
        execute(List.of(request));
    }

    /** A get request for one object: its reply, or empty when the kernel says ENODEV/ENOENT. */
    public java.util.Optional<Reply> query(NetlinkMessage request) {
        int mySeq = seq++;
        send(request.encode(mySeq), request.what());
        while (true) {
            for (Reply r : receive()) {
                if (r.seq() != mySeq) continue;
                if (r.type() != Rtnl.NLMSG_ERROR) return java.util.Optional.of(r);
                int errno = -r.u32(0);
                if (errno == ENODEV || errno == Errno.ENOENT) return java.util.Optional.empty();
                throw new SyscallException("netlink " + request.what(), errno);
            }
        }
    }

    /** A dump request (NLM_F_DUMP): every reply message until NLMSG_DONE. */
    public List<Reply> dump(NetlinkMessage request) {
        int mySeq = seq++;
        send(request.encode(mySeq), request.what());
        List<Reply> replies = new ArrayList<>();
        while (true) {
            for (Reply r : receive()) {
                if (r.seq() != mySeq) continue;
                if (r.type() == Rtnl.NLMSG_DONE) return replies;
                if (r.type() == Rtnl.NLMSG_ERROR) {
                    int errno = -r.u32(0);
                    if (errno == 0) return replies;
                    throw new SyscallException("netlink " + request.what(), errno);
                }
                replies.add(r);
            }
        }
    }

    /** One reply message: header fields and the bytes after the 16-byte header. */
    public record Reply(int type, int flags, int seq, byte[] payload) {
        public int u32(int offset) {
            return MemorySegment.ofArray(payload).get(NetlinkMessage.U32, offset);
        }
    }

    private void send(byte[] data, String what) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            MemorySegment s = a.allocate(data.length);
            MemorySegment.copy(data, 0, s, ValueLayout.JAVA_BYTE, 0, data.length);
            long n = Native.call(SEND, e, fd, s.address(), data.length, 0);
            if (n == -1) throw new SyscallException("netlink send " + what, Native.errno(e));
        }
    }

    private List<Reply> receive() {
        long n;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            while (true) {
                n = Native.call(RECV, e, fd, buffer.address(), RECV_BUFFER, 0);
                if (n >= 0) break;
                if (Native.errno(e) != Errno.EINTR) throw new SyscallException("netlink recv", Native.errno(e));
            }
        }
        List<Reply> replies = new ArrayList<>();
        long at = 0;
        while (at + NetlinkMessage.HEADER <= n) {
            int len = buffer.get(NetlinkMessage.U32, at);
            if (len < NetlinkMessage.HEADER || at + len > n) break;
            int type = buffer.get(NetlinkMessage.U16, at + 4) & 0xffff;
            int flags = buffer.get(NetlinkMessage.U16, at + 6) & 0xffff;
            int s = buffer.get(NetlinkMessage.U32, at + 8);
            byte[] payload = buffer.asSlice(at + NetlinkMessage.HEADER, len - NetlinkMessage.HEADER)
                    .toArray(ValueLayout.JAVA_BYTE);
            replies.add(new Reply(type, flags, s, payload));
            at += NetlinkMessage.align(len);
        }
        return replies;
    }

    @Override
    public void close() {
        try (Arena a = Arena.ofConfined()) {
            Native.call(CLOSE, Native.errnoSegment(a), fd);
        } finally {
            arena.close();
        }
    }
}
