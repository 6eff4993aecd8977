package dev.minidocker.image.store;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;

/** Hashes and counts what passes to {@code out} (a DiffID or a blob digest, computed while writing). */
final class HashingOutputStream extends FilterOutputStream {
    private final MessageDigest sha;
    private final long[] count;

    /** {@code count[0]} receives the byte count (an array: read by the caller after the writer thread ends). */
    HashingOutputStream(OutputStream out, MessageDigest sha, long[] count) {
        super(out);
        this.sha = sha;
        this.count = count;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        sha.update(b, off, len);
        count[0] += len;
        out.write(b, off, len);
    }
}
