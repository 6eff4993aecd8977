package dev.minidocker.image.layer;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads its source on a background thread, a few MiB ahead of the consumer, so that
 * decompression (and whatever hashing wraps the source) runs on one core while the layer's files
 * are created on another: the same overlap pgzip gives containers/storage. Errors of the source
 * are rethrown to the consumer in order; {@link #close} stops the thread and closes the source.
 */
public final class ReadAheadInputStream extends InputStream {
    private static final int CHUNK = 1 << 20, DEPTH = 4;
    private static final byte[] EOF = new byte[0];

    private final InputStream source;
    private final BlockingQueue<Object> chunks = new ArrayBlockingQueue<>(DEPTH);
    private final Thread reader;
    private byte[] current = new byte[0];
    private int pos;
    private boolean done, closed;

    public ReadAheadInputStream(InputStream source) {
        this.source = source;
        this.reader = Thread.ofPlatform().daemon().name("layer-read-ahead").start(this::fill);
    }

    private void fill() {
        try {
            while (true) {
                byte[] buf = new byte[CHUNK];
                int n = source.readNBytes(buf, 0, CHUNK);
                if (n > 0) chunks.put(n == CHUNK ? buf : Arrays.copyOf(buf, n));
                if (n < CHUNK) {
                    chunks.put(EOF);
                    return;
                }
            }
        } catch (InterruptedException e) {
            // closed by the consumer
        } catch (IOException | RuntimeException e) {
            try {
                chunks.put(e);
            } catch (InterruptedException ignored) {
                // closed by the consumer
            }
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (closed) throw new IOException("stream closed");
        if (len == 0) return 0;
        if (pos == current.length && !next()) return -1;
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public int available() {
        return current.length - pos;
    }

    private boolean next() throws IOException {
        if (done) return false;
        Object o;
        try {
            o = chunks.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading the layer");
        }
        if (o instanceof IOException e) throw new IOException(e.getMessage(), e);
        if (o instanceof RuntimeException e) throw e;
        current = (byte[]) o;
        pos = 0;
        if (current == EOF) {
            done = true;
            return false;
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        reader.interrupt();
        chunks.clear();   // unblocks a put
        try {
            source.close();
        } finally {
            try {
                reader.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
