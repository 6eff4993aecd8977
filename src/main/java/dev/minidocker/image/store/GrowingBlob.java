package dev.minidocker.image.store;

import dev.minidocker.image.Digest;
import dev.minidocker.image.registry.GrowingBlobContent;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The compressed blob {@link LayerCompressor} is writing, read by the uploader at the same time:
 * the writer reports how far the file is written, the reader waits for that. The file is read
 * through one channel opened at the start (positional reads), so it stays readable when it is
 * renamed into {@code blobs/}.
 */
final class GrowingBlob implements GrowingBlobContent, AutoCloseable {
    /** The writer's first attempt was not the layer's tar (its tar-split is stale): upload the regenerated file instead. */
    static final class Superseded extends IOException {
        Superseded() {
            super("the layer's tar-split did not rebuild its tar");
        }
    }

    private FileChannel reader;
    private long written;
    private boolean complete;
    private Digest digest;
    private IOException failure;

    /** The writer created the file (empty); from now on it reports progress. */
    synchronized void attach(Path file) throws IOException {
        reader = FileChannel.open(file, StandardOpenOption.READ);
        notifyAll();
    }

    synchronized void advanced(long bytes) {
        written = bytes;
        notifyAll();
    }

    synchronized void complete(Digest d, long size) {
        digest = d;
        written = size;
        complete = true;
        notifyAll();
    }

    synchronized void fail(IOException e) {
        if (failure == null) failure = e;
        notifyAll();
    }

    @Override
    public synchronized long await(long bytes) throws IOException {
        try {
            while (failure == null && !complete && (reader == null || written < bytes)) wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the layer's compression");
        }
        if (failure != null) throw failure;
        return written;
    }

    @Override
    public synchronized boolean isComplete() {
        return complete;
    }

    @Override
    public synchronized Digest digest() {
        return digest;
    }

    @Override
    public InputStream open(long offset, long length) {
        FileChannel ch;
        synchronized (this) {
            ch = reader;
        }
        return new InputStream() {
            private long position = offset, left = length;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left <= 0) return -1;
                int n = ch.read(ByteBuffer.wrap(b, off, (int) Math.min(len, left)), position);
                if (n < 0) throw new IOException("compressed layer ends " + left + " bytes early");
                position += n;
                left -= n;
                return n;
            }
        };
    }

    @Override
    public synchronized void close() throws IOException {
        if (reader != null) reader.close();
    }
}
