package dev.minidocker.image.store;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.function.LongConsumer;

/**
 * Hashes and counts every byte read through it, so a layer is verified while it streams and
 * never buffered. Honours thread interruption between reads, so a failed pull stops its siblings.
 */
final class HashingInputStream extends FilterInputStream {
    private static final long REPORT_EVERY = 256 * 1024;
    private final MessageDigest digest;
    private final LongConsumer onProgress;
    private long count;
    private long lastReport;

    HashingInputStream(InputStream in, MessageDigest digest, LongConsumer onProgress) {
        super(in);
        this.digest = digest;
        this.onProgress = onProgress;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (Thread.currentThread().isInterrupted()) throw new InterruptedIOException("pull cancelled");
        int n = in.read(b, off, len);
        if (n > 0) {
            digest.update(b, off, n);
            count += n;
            if (count - lastReport >= REPORT_EVERY) {
                lastReport = count;
                onProgress.accept(count);
            }
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipped bytes must be hashed too.
        byte[] buf = new byte[(int) Math.min(n, 8192)];
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

    /** Reads to the end, so the hash covers all of it (tar padding, gzip trailer, ...). */
    void drain() throws IOException {
        byte[] buf = new byte[64 * 1024];
        while (read(buf, 0, buf.length) >= 0) {
            // hashing happens in read
        }
        onProgress.accept(count);
    }

    long count() {
        return count;
    }

    String hex() {
        return HexFormat.of().formatHex(digest.digest());
    }
}
