package dev.minidocker.linux.netlink;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Builds one netlink message: the 16-byte nlmsghdr, a fixed family header (ifinfomsg, ifaddrmsg,
 * rtmsg) and route attributes (struct rtattr, 4-byte aligned, nestable). Written into a growing
 * heap {@link MemorySegment} in host byte order, as the kernel reads it. {@link #what} names the
 * request in error messages.
 */
public final class NetlinkMessage {
    static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.nativeOrder());
    static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.nativeOrder());
    static final int HEADER = 16;

    private final String what;
    private byte[] bytes = new byte[256];
    private MemorySegment seg = MemorySegment.ofArray(bytes);
    private int length;
    private final Deque<Integer> nests = new ArrayDeque<>();

    /** A request of {@code type} with {@code flags} (NLM_F_REQUEST is added). */
    public NetlinkMessage(int type, int flags, String what) {
        this.what = what;
        length = HEADER;
        seg.set(U16, 4, (short) type);
        seg.set(U16, 6, (short) (flags | Rtnl.NLM_F_REQUEST));
    }

    public String what() {
        return what;
    }

    /** Appends raw bytes (a family header), zero-filled, and returns their offset. */
    public int reserve(int size) {
        int at = length;
        grow(align(size));
        length += align(size);
        return at;
    }

    public NetlinkMessage u8At(int offset, int value) {
        seg.set(ValueLayout.JAVA_BYTE, offset, (byte) value);
        return this;
    }

    public NetlinkMessage u16At(int offset, int value) {
        seg.set(U16, offset, (short) value);
        return this;
    }

    public NetlinkMessage u32At(int offset, int value) {
        seg.set(U32, offset, value);
        return this;
    }

    public NetlinkMessage attr(int type, byte[] payload) {
        int at = length;
        int len = 4 + payload.length;
        grow(align(len));
        seg.set(U16, at, (short) len);
        seg.set(U16, at + 2, (short) type);
        MemorySegment.copy(payload, 0, seg, ValueLayout.JAVA_BYTE, at + 4, payload.length);
        length += align(len);
        return this;
    }

    public NetlinkMessage attrU32(int type, int value) {
        byte[] b = new byte[4];
        MemorySegment.ofArray(b).set(U32, 0, value);
        return attr(type, b);
    }

    /** A NUL-terminated string attribute (interface names, kinds). */
    public NetlinkMessage attrString(int type, String value) {
        byte[] s = value.getBytes(StandardCharsets.UTF_8);
        return attr(type, Arrays.copyOf(s, s.length + 1));
    }

    /** Opens a nested attribute; close it with {@link #end()}. */
    public NetlinkMessage begin(int type) {
        nests.push(length);
        grow(4);
        seg.set(U16, length + 2, (short) type);
        length += 4;
        return this;
    }

    public NetlinkMessage end() {
        int at = nests.pop();
        seg.set(U16, at, (short) (length - at));
        return this;
    }

    /** The finished message with its length and sequence number filled in. */
    byte[] encode(int seq) {
        if (!nests.isEmpty()) throw new IllegalStateException("unclosed nested attribute in " + what);
        seg.set(U32, 0, length);
        seg.set(U32, 8, seq);
        return Arrays.copyOf(bytes, length);
    }

    static int align(int n) {
        return (n + 3) & ~3;
    }

    private void grow(int extra) {
        if (length + extra <= bytes.length) return;
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + extra));
        seg = MemorySegment.ofArray(bytes);
    }
}
