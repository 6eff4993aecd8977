package dev.minidocker.image.layer;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reading raw tar header fields: what {@link TarSplitRecorder} needs, below commons-compress. */
final class TarHeaders {
    private TarHeaders() {}

    static boolean isZero(byte[] block) {
        for (byte b : block) if (b != 0) return false;
        return true;
    }

    /** The checksum field against the unsigned sum (and the signed one some old tars wrote). */
    static boolean checksumMatches(byte[] h) {
        long stored = number(h, 148, 8);
        long unsigned = 0, signed = 0;
        for (int i = 0; i < h.length; i++) {
            int b = i >= 148 && i < 156 ? ' ' : h[i];
            unsigned += b & 0xff;
            signed += b;
        }
        return stored == unsigned || stored == signed;
    }

    /** An octal field (NUL/space terminated), or GNU base-256 when the top bit is set; -1 if unreadable. */
    static long number(byte[] h, int off, int len) {
        if ((h[off] & 0x80) != 0) {
            long v = h[off] & 0x7f;
            for (int i = 1; i < len; i++) {
                if (v > (Long.MAX_VALUE >> 8)) return -1;
                v = (v << 8) | (h[off + i] & 0xff);
            }
            return v;
        }
        long v = 0;
        boolean digits = false;
        for (int i = off; i < off + len; i++) {
            byte c = h[i];
            if (c == 0 || (c == ' ' && digits)) break;
            if (c == ' ') continue;
            if (c < '0' || c > '7') return -1;
            v = v * 8 + (c - '0');
            digits = true;
        }
        return v;
    }

    /** name, or prefix/name for a POSIX ustar header. */
    static String ustarName(byte[] h) {
        String name = cString(h, 0, 100);
        boolean posix = h[257] == 'u' && h[258] == 's' && h[259] == 't' && h[260] == 'a' && h[261] == 'r' && h[262] == 0;
        if (posix) {
            String prefix = cString(h, 345, 155);
            if (!prefix.isEmpty()) return prefix + "/" + name;
        }
        return name;
    }

    /** "LEN key=value\n" records; later keys win. */
    static Map<String, String> paxRecords(byte[] data) {
        Map<String, String> out = new LinkedHashMap<>();
        int pos = 0;
        while (pos < data.length) {
            int space = pos;
            while (space < data.length && data[space] != ' ') space++;
            if (space >= data.length) break;
            int len = Integer.parseInt(new String(data, pos, space - pos, StandardCharsets.US_ASCII));
            if (len <= space - pos || pos + len > data.length) throw new IllegalArgumentException("bad PAX record length");
            int eq = space + 1;
            while (eq < pos + len && data[eq] != '=') eq++;
            String key = new String(data, space + 1, eq - space - 1, StandardCharsets.UTF_8);
            String value = new String(data, eq + 1, pos + len - eq - 2, StandardCharsets.UTF_8);
            out.put(key, value);
            pos += len;
        }
        return out;
    }

    private static String cString(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) end++;
        return new String(h, off, end - off, StandardCharsets.UTF_8);
    }
}
