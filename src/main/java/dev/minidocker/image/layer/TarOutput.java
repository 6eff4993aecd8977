package dev.minidocker.image.layer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes tar entries the way Go's archive/tar (docker, containerd) writes layers: a ustar header
 * per entry, preceded by a PAX header only for what ustar cannot hold (long or non-ASCII names,
 * large ids or sizes, xattrs), records in sorted key order, and two zero blocks at the end. Hand
 * written rather than commons-compress because PAX values must carry raw bytes: a binary
 * security.capability is not UTF-8. Each such xattr is also written as LIBARCHIVE.xattr (base64),
 * which bsdtar and {@link LayerApplier} read without loss. Not thread-safe.
 */
final class TarOutput {
    static final char REGULAR = '0', HARDLINK = '1', SYMLINK = '2', CHAR = '3', BLOCK = '4', DIRECTORY = '5', FIFO = '6';
    private static final int BLOCK_SIZE = 512;
    private static final long MAX_OCTAL_7 = 07777777L, MAX_OCTAL_11 = 077777777777L;

    /** Owner, permission bits and modification time (whole seconds) of an entry. */
    record Meta(int mode, long uid, long gid, long mtime) {}

    private final OutputStream out;
    private final byte[] header = new byte[BLOCK_SIZE];
    private final byte[] copyBuffer = new byte[1 << 18];

    TarOutput(OutputStream out) {
        this.out = out;
    }

    /** An entry without content (everything but regular files). */
    void entry(char type, String name, Meta meta, String linkName, long devMajor, long devMinor,
               Map<String, byte[]> xattrs) throws IOException {
        writeHeader(type, name, meta, linkName, 0, devMajor, devMinor, xattrs);
    }

    /** A regular file whose content is exactly {@code size} bytes of {@code content}. */
    void file(String name, Meta meta, Map<String, byte[]> xattrs, long size, InputStream content, String what)
            throws IOException {
        writeHeader(REGULAR, name, meta, null, size, 0, 0, xattrs);
        long left = size;
        while (left > 0) {
            int n = content.read(copyBuffer, 0, (int) Math.min(copyBuffer.length, left));
            if (n < 0) throw new LayerException(what + ": shrank while being read (" + left + " of " + size + " bytes missing)");
            out.write(copyBuffer, 0, n);
            left -= n;
        }
        if (content.read() >= 0) throw new LayerException(what + ": grew while being read (more than " + size + " bytes)");
        pad(size);
    }

    /** The end-of-archive marker: two zero blocks. */
    void finish() throws IOException {
        out.write(new byte[2 * BLOCK_SIZE]);
    }

    private void writeHeader(char type, String name, Meta meta, String linkName, long size, long devMajor, long devMinor,
                             Map<String, byte[]> xattrs) throws IOException {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        byte[] linkBytes = linkName == null ? new byte[0] : linkName.getBytes(StandardCharsets.UTF_8);
        Map<String, byte[]> pax = new java.util.TreeMap<>();
        if (nameBytes.length > 100 || !isAscii(nameBytes)) pax.put("path", nameBytes);
        if (linkBytes.length > 100 || !isAscii(linkBytes)) pax.put("linkpath", linkBytes);
        if (meta.uid() > MAX_OCTAL_7) pax.put("uid", ascii(Long.toString(meta.uid())));
        if (meta.gid() > MAX_OCTAL_7) pax.put("gid", ascii(Long.toString(meta.gid())));
        if (size > MAX_OCTAL_11) pax.put("size", ascii(Long.toString(size)));
        if (meta.mtime() < 0 || meta.mtime() > MAX_OCTAL_11) pax.put("mtime", ascii(Long.toString(meta.mtime())));
        if (devMajor > MAX_OCTAL_7 || devMinor > MAX_OCTAL_7) {
            throw new LayerException("`" + name + "`: device number " + devMajor + ":" + devMinor + " is too large for a tar header");
        }
        for (Map.Entry<String, byte[]> x : xattrs.entrySet()) {
            pax.put("SCHILY.xattr." + x.getKey(), x.getValue());
            if (!isUtf8(x.getValue())) {
                pax.put("LIBARCHIVE.xattr." + java.net.URLEncoder.encode(x.getKey(), StandardCharsets.UTF_8),
                        ascii(Base64.getEncoder().encodeToString(x.getValue())));
            }
        }
        if (!pax.isEmpty()) writePax(name, pax);
        Arrays.fill(header, (byte) 0);
        System.arraycopy(nameBytes, 0, header, 0, Math.min(100, nameBytes.length));
        octal(100, 8, meta.mode() & 07777);
        octal(108, 8, Math.min(meta.uid(), MAX_OCTAL_7));
        octal(116, 8, Math.min(meta.gid(), MAX_OCTAL_7));
        octal(124, 12, Math.min(size, MAX_OCTAL_11));
        octal(136, 12, Math.max(0, Math.min(meta.mtime(), MAX_OCTAL_11)));
        header[156] = (byte) type;
        System.arraycopy(linkBytes, 0, header, 157, Math.min(100, linkBytes.length));
        System.arraycopy(ascii("ustar\0" + "00"), 0, header, 257, 8);
        if (type == CHAR || type == BLOCK) {
            octal(329, 8, devMajor);
            octal(337, 8, devMinor);
        }
        checksum();
        out.write(header);
    }

    /** A PAX extended header entry ('x') with one "LEN key=value\n" record per key, in key order. */
    private void writePax(String name, Map<String, byte[]> records) throws IOException {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> r : new LinkedHashMap<>(records).entrySet()) {
            byte[] key = r.getKey().getBytes(StandardCharsets.UTF_8);
            int rest = 1 + key.length + 1 + r.getValue().length + 1;   // " key=value\n"
            int len = rest + Integer.toString(rest).length();
            if (Integer.toString(len).length() != Integer.toString(rest).length()) len++;
            body.write(ascii(len + " "));
            body.write(key);
            body.write('=');
            body.write(r.getValue());
            body.write('\n');
        }
        int slash = name.lastIndexOf('/', name.length() - 2);
        String paxName = (slash >= 0 ? name.substring(0, slash + 1) : "") + "PaxHeaders.0/"
                + (slash >= 0 ? name.substring(slash + 1) : name);
        byte[] paxNameBytes = paxName.getBytes(StandardCharsets.UTF_8);
        Arrays.fill(header, (byte) 0);
        System.arraycopy(paxNameBytes, 0, header, 0, Math.min(100, paxNameBytes.length));
        octal(100, 8, 0);
        octal(108, 8, 0);
        octal(116, 8, 0);
        octal(124, 12, body.size());
        octal(136, 12, 0);
        header[156] = 'x';
        System.arraycopy(ascii("ustar\0" + "00"), 0, header, 257, 8);
        checksum();
        out.write(header);
        body.writeTo(out);
        pad(body.size());
    }

    private void pad(long size) throws IOException {
        int rem = (int) (size % BLOCK_SIZE);
        if (rem != 0) out.write(new byte[BLOCK_SIZE - rem]);
    }

    /** Zero-padded octal digits filling the field but its last byte (NUL), as Go writes them. */
    private void octal(int offset, int length, long value) {
        String digits = Long.toOctalString(value);
        int width = length - 1;
        for (int i = 0; i < width; i++) {
            int from = digits.length() - width + i;
            header[offset + i] = (byte) (from < 0 ? '0' : digits.charAt(from));
        }
        header[offset + width] = 0;
    }

    private void checksum() {
        Arrays.fill(header, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : header) sum += b & 0xff;
        String digits = String.format("%06o", sum);
        System.arraycopy(ascii(digits), 0, header, 148, 6);
        header[154] = 0;
        header[155] = ' ';
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static boolean isAscii(byte[] b) {
        for (byte x : b) if (x < 0x20 || x == 0x7f) return false;   // negative: non-ASCII
        return true;
    }

    private static boolean isUtf8(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(b));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }
}
