package dev.minidocker.image.layer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * Tar blocks written by hand, for entries commons-compress's writer will not make: PAX records
 * holding any bytes (NUL, absurd numbers), GNU sparse headers (old 'S' and PAX 0.x/1.0).
 * Headers are ustar ({@link #ustar}) or old GNU ({@link #gnuSparse}), checksums computed.
 */
final class RawTar {
    static final int BLOCK = 512;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** A ustar header; {@code size} is what the header claims, whatever data follows. */
    RawTar ustar(String name, char type, long size, String linkName) {
        byte[] h = header(name, type, size, linkName);
        put(h, 257, "ustar\0");
        put(h, 263, "00");
        return block(h);
    }

    /** A PAX extended header ('x') for the next entry, records written byte for byte. */
    RawTar pax(Map<String, byte[]> records) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> r : records.entrySet()) body.writeBytes(record(r.getKey(), r.getValue()));
        ustar("PaxHeaders/x", 'x', body.size(), "");
        return data(body.toByteArray());
    }

    static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * An old GNU sparse entry ('S'): {@code map} holds (offset, length) pairs of data, at most
     * four (no extension blocks); the data is their concatenation, {@code realSize} the file's size.
     */
    RawTar gnuSparse(String name, long[][] map, long realSize, byte[] data) {
        byte[] h = header(name, 'S', data.length, "");
        put(h, 257, "ustar  \0");
        for (int i = 0; i < map.length; i++) {
            octal(h, 386 + i * 24, 12, map[i][0]);
            octal(h, 386 + i * 24 + 12, 12, map[i][1]);
        }
        octal(h, 483, 12, realSize);
        block(h);
        return data(data);
    }

    /** Content, padded to a whole block. */
    RawTar data(byte[] content) {
        out.writeBytes(content);
        int pad = (BLOCK - content.length % BLOCK) % BLOCK;
        out.writeBytes(new byte[pad]);
        return this;
    }

    /** The archive with its two zero end blocks. */
    byte[] build() {
        out.writeBytes(new byte[2 * BLOCK]);
        return out.toByteArray();
    }

    private RawTar block(byte[] header) {
        Arrays.fill(header, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : header) sum += b & 0xff;
        put(header, 148, String.format("%06o", sum) + "\0 ");
        out.writeBytes(header);
        return this;
    }

    private static byte[] header(String name, char type, long size, String linkName) {
        byte[] h = new byte[BLOCK];
        put(h, 0, name);
        octal(h, 100, 8, 0644);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        octal(h, 124, 12, size);
        octal(h, 136, 12, 1577934245L);
        h[156] = (byte) type;
        put(h, 157, linkName);
        return h;
    }

    /** "LEN KEY=VALUE\n", LEN counting itself. */
    private static byte[] record(String key, byte[] value) {
        int rest = 1 + key.length() + 1 + value.length + 1;
        int len = rest + Integer.toString(rest).length();
        if (Integer.toString(len).length() != Integer.toString(rest).length()) len++;
        ByteArrayOutputStream r = new ByteArrayOutputStream();
        r.writeBytes(text(len + " " + key + "="));
        r.writeBytes(value);
        r.write('\n');
        return r.toByteArray();
    }

    private static void octal(byte[] h, int at, int width, long value) {
        put(h, at, String.format("%0" + (width - 1) + "o", value));
    }

    private static void put(byte[] h, int at, String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(b, 0, h, at, b.length);
    }
}
