package dev.minidocker.linux.netlink;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** Route attributes (struct rtattr) parsed from a reply payload: type -> value bytes. */
public record Attributes(Map<Integer, byte[]> values) {

    /** Parses the attributes that follow a family header of {@code headerSize} bytes. */
    public static Attributes parse(byte[] payload, int headerSize) {
        Map<Integer, byte[]> map = new HashMap<>();
        MemorySegment s = MemorySegment.ofArray(payload);
        int at = NetlinkMessage.align(headerSize);
        while (at + 4 <= payload.length) {
            int len = s.get(NetlinkMessage.U16, at) & 0xffff;
            int type = s.get(NetlinkMessage.U16, at + 2) & 0x3fff; // without NLA_F_NESTED / byte order bits
            if (len < 4 || at + len > payload.length) break;
            map.putIfAbsent(type, Arrays.copyOfRange(payload, at + 4, at + len));
            at += NetlinkMessage.align(len);
        }
        return new Attributes(map);
    }

    public boolean has(int type) {
        return values.containsKey(type);
    }

    public byte[] bytes(int type) {
        return values.get(type);
    }

    /** A NUL-terminated string attribute, or null. */
    public String string(int type) {
        byte[] b = values.get(type);
        if (b == null) return null;
        int end = 0;
        while (end < b.length && b[end] != 0) end++;
        return new String(b, 0, end, StandardCharsets.UTF_8);
    }

    /** A u32 attribute, or {@code fallback}. */
    public int u32(int type, int fallback) {
        byte[] b = values.get(type);
        return b == null || b.length < 4 ? fallback : MemorySegment.ofArray(b).get(NetlinkMessage.U32, 0);
    }

    /** A nested attribute's own attributes. */
    public Attributes nested(int type) {
        byte[] b = values.get(type);
        return b == null ? new Attributes(Map.of()) : parse(b, 0);
    }
}
