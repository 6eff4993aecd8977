package dev.minidocker.image.layer;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Records a layer tar's "tar-split" as it streams past: every byte except the contents of
 * regular files (headers, PAX records, padding, the end marker), plus, for each file's content,
 * its size and name. With the extracted layer directory that is enough to rebuild the exact tar,
 * hence the same DiffID, when the layer is pushed again ({@link TarSplitAssembler}): docker and
 * containers/storage keep the same for the same reason. It costs a few hundred bytes per entry.
 *
 * <p>The recorder parses tar framing itself (ustar, GNU long names, PAX path and size), beneath
 * whatever reads the entries. Input that is not a tar it understands leaves it {@link #usable()}
 * false; the stream still passes through unchanged.
 *
 * <p>Log format (then gzip): {@code 'R' int n, n raw bytes} | {@code 'F' long size, int n, n
 * bytes of name} | {@code 'E'}.
 */
public final class TarSplitRecorder extends FilterInputStream {
    private static final int BLOCK = 512;

    private final DataOutputStream log;
    private final ByteArrayOutputStream raw = new ByteArrayOutputStream();
    private final byte[] header = new byte[BLOCK];
    private int headerFill;
    private long contentLeft, rawLeft, metaLeft;
    private ByteArrayOutputStream meta;
    private byte metaType;
    private String pendingName;
    private Long pendingSize;
    private int zeroBlocks;
    private boolean broken, ended;

    /** {@code log} receives the record (uncompressed; the caller gzips it) and is closed by {@link #finish}. */
    public TarSplitRecorder(InputStream in, OutputStream log) {
        super(in);
        this.log = new DataOutputStream(log);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0 && !broken) record(b, off, n);
        return n;
    }

    /** Skipped bytes must be seen too: they are read. */
    @Override
    public long skip(long n) throws IOException {
        byte[] buf = new byte[(int) Math.min(n, 1 << 16)];
        long done = 0;
        while (done < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - done));
            if (r < 0) break;
            done += r;
        }
        return done;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** True while everything seen was a tar this recorder understood, ending cleanly. */
    public boolean usable() {
        return !broken && headerFill == 0 && contentLeft == 0 && rawLeft == 0 && zeroBlocks >= 1;
    }

    /** Reads the rest of the stream, writes the end of the log and closes it; returns {@link #usable()}. */
    public boolean finish() throws IOException {
        byte[] buf = new byte[1 << 16];
        while (read(buf, 0, buf.length) >= 0) {
            // recorded in read
        }
        boolean ok = usable();
        try (log) {
            if (ok) {
                flushRaw();
                log.writeByte('E');
            }
        }
        return ok;
    }

    private void record(byte[] b, int off, int len) throws IOException {
        while (len > 0 && !broken) {
            int n;
            if (ended) {
                n = len;
                raw.write(b, off, n);
            } else if (contentLeft > 0) {
                n = (int) Math.min(len, contentLeft);
                contentLeft -= n;
            } else if (rawLeft > 0) {
                n = (int) Math.min(len, rawLeft);
                raw.write(b, off, n);
                if (meta != null) {
                    int m = (int) Math.min(n, metaLeft);
                    meta.write(b, off, m);
                    metaLeft -= m;
                }
                rawLeft -= n;
                if (rawLeft == 0 && meta != null) endMeta();
            } else {
                n = Math.min(len, BLOCK - headerFill);
                System.arraycopy(b, off, header, headerFill, n);
                headerFill += n;
                if (headerFill == BLOCK) {
                    headerFill = 0;
                    onHeader();
                }
            }
            off += n;
            len -= n;
        }
        if (raw.size() >= 1 << 16) flushRaw();
    }

    private void onHeader() throws IOException {
        raw.write(header);
        if (TarHeaders.isZero(header)) {
            if (++zeroBlocks == 2) ended = true;   // end of archive: whatever follows is kept as is
            return;
        }
        zeroBlocks = 0;
        if (!TarHeaders.checksumMatches(header)) {
            broken = true;
            return;
        }
        byte type = header[156];
        long size = pendingSize != null ? pendingSize : TarHeaders.number(header, 124, 12);
        if (size < 0) {
            broken = true;
            return;
        }
        long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
        if (type == 'x' || type == 'L') {
            meta = new ByteArrayOutputStream();
            metaType = type;
            metaLeft = size;
            rawLeft = padded;
            if (padded == 0) endMeta();
            return;
        }
        String name = pendingName != null ? pendingName : TarHeaders.ustarName(header);
        pendingName = null;
        pendingSize = null;
        boolean regular = type == '0' || type == 0 || type == '7';
        String base = name.substring(name.lastIndexOf('/', name.length() - 2) + 1);
        if (regular && size > 0 && !base.startsWith(".wh.")) {
            flushRaw();
            byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
            log.writeByte('F');
            log.writeLong(size);
            log.writeInt(nameBytes.length);
            log.write(nameBytes);
            contentLeft = size;
            rawLeft = padded - size;
        } else {
            rawLeft = padded;
        }
    }

    /** A PAX header's path/size, or a GNU long name, applies to the next entry. */
    private void endMeta() {
        byte[] data = meta.toByteArray();
        meta = null;
        if (metaType == 'L') {
            int end = 0;
            while (end < data.length && data[end] != 0) end++;
            pendingName = new String(data, 0, end, StandardCharsets.UTF_8);
            return;
        }
        try {
            TarHeaders.paxRecords(data).forEach((k, v) -> {
                if (k.equals("path")) pendingName = v;
                if (k.equals("size")) pendingSize = Long.parseLong(v.trim());
            });
        } catch (RuntimeException e) {
            broken = true;
        }
    }

    private void flushRaw() throws IOException {
        if (raw.size() == 0) return;
        log.writeByte('R');
        log.writeInt(raw.size());
        raw.writeTo(log);
        raw.reset();
    }
}
