package dev.minidocker.image.registry;

import java.io.IOException;
import java.io.InputStream;

/** A blob to upload, readable from any offset (a chunk, or a retry), streaming from disk. */
public interface BlobContent {
    long size();

    /** {@code length} bytes from {@code offset}; the caller closes the stream. */
    InputStream open(long offset, long length) throws IOException;

    /** A file on disk. */
    static BlobContent ofFile(java.nio.file.Path file) throws IOException {
        long size = java.nio.file.Files.size(file);
        return new BlobContent() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public InputStream open(long offset, long length) throws IOException {
                java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file);
                ch.position(offset);
                return new java.io.FilterInputStream(java.nio.channels.Channels.newInputStream(ch)) {
                    private long left = length;

                    @Override
                    public int read() throws IOException {
                        byte[] one = new byte[1];
                        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        if (left <= 0) return -1;
                        int n = in.read(b, off, (int) Math.min(len, left));
                        if (n > 0) left -= n;
                        return n;
                    }
                };
            }
        };
    }
}
