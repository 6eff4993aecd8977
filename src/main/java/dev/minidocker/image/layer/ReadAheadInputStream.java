package dev.minidocker.image.layer;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads its source on a background thread, a few MiB ahead of the consumer, so that download,
 * hashing and decompression run on one core while the layer's files are created on another (the
 * overlap pgzip gives containers/storage). Source errors reach the consumer in order, with their
 * own type. {@link #close} stops the thread and waits for it, without interrupting a read in
 * progress: afterwards the source is the caller's alone again, in a consistent state (every byte
 * taken from it went through whatever hashing wraps it), and the caller may drain it.
 */
final class ReadAheadInputStream extends InputStream {
    private static final int CHUNK = 1 << 18, DEPTH = 16;
    private static final byte[] EOF = new byte[0];

    private final InputStream source;
    private final BlockingQueue<Object> chunks = new ArrayBlockingQueue<>(DEPTH);
    /** Chunks the consumer has finished with, for the reader to fill again: no 256 KiB allocation per chunk. */
    private final BlockingQueue<byte[]> spare = new ArrayBlockingQueue<>(DEPTH + 2);
    private final Thread reader;
    private volatile boolean stop;
    private byte[] current = new byte[0];
    private int pos;
    private boolean done, closed;

    ReadAheadInputStream(InputStream source) {
        this.source = source;
        this.reader = Thread.ofPlatform().daemon().name("layer-read-ahead").start(this::fill);
    }

    private void fill() {
        try {
            while (!stop) {
                byte[] buf = spare.poll();
                if (buf == null) buf = new byte[CHUNK];
                int n = source.readNBytes(buf, 0, CHUNK);
                if (n > 0 && !hand(n == CHUNK ? buf : Arrays.copyOf(buf, n))) return;
                if (n < CHUNK) {
                    hand(EOF);
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            hand(e);
        }
    }

    /** Queues an item unless the consumer has closed; false once it has. */
    private boolean hand(Object item) {
        try {
            while (!stop) {
                if (chunks.offer(item, 50, TimeUnit.MILLISECONDS)) return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
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
        if (o instanceof IOException e) throw e;
        if (o instanceof RuntimeException e) throw e;
        if (current.length == CHUNK) spare.offer(current);
        current = (byte[]) o;
        pos = 0;
        if (current == EOF) {
            done = true;
            return false;
        }
        return true;
    }

    /** Stops the reader and waits until it has let go of the source, then closes the source. */
    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        stop = true;
        chunks.clear();
        boolean interrupted = false;
        while (reader.isAlive()) {
            try {
                reader.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        source.close();
    }
}
