package dev.minidocker.image.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bounded pipe between two threads, in 256 KiB chunks (java.io's PipedInputStream moves 1 KiB
 * at a time and polls once a second). The writer's {@link #close} is the reader's EOF;
 * {@link #fail} hands the reader an error instead; a reader that gives up calls {@link #abandon}
 * so the writer stops blocking (its next write throws).
 */
final class BytePipe {
    private static final int CHUNK = 1 << 18;
    private static final byte[] EOF = new byte[0];

    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(16);
    private volatile boolean abandoned;

    final OutputStream sink = new OutputStream() {
        private byte[] buf = new byte[CHUNK];
        private int fill;
        private boolean closed;

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                int n = Math.min(len, CHUNK - fill);
                System.arraycopy(b, off, buf, fill, n);
                fill += n;
                off += n;
                len -= n;
                if (fill == CHUNK) flush();
            }
        }

        @Override
        public void flush() throws IOException {
            if (fill == 0) return;
            put(fill == CHUNK ? buf : Arrays.copyOf(buf, fill));
            buf = new byte[CHUNK];
            fill = 0;
        }

        @Override
        public void close() throws IOException {
            if (closed) return;
            closed = true;
            flush();
            put(EOF);
        }
    };

    final InputStream source = new InputStream() {
        private byte[] current = new byte[0];
        private int pos;
        private boolean done;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            while (pos == current.length) {
                if (done) return -1;
                Object o;
                try {
                    o = queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while reading the layer pipe");
                }
                if (o instanceof IOException e) throw new IOException(e.getMessage(), e);
                current = (byte[]) o;
                pos = 0;
                if (current == EOF) done = true;
            }
            int n = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public void close() {
            abandon();
        }
    };

    /** The writer failed: the reader gets {@code e} after what was already written. */
    void fail(IOException e) {
        try {
            put(e);
        } catch (IOException ignored) {
            // the reader has gone; nobody is left to tell
        }
    }

    /** The reader has stopped: pending and future writes are dropped with an error. */
    void abandon() {
        abandoned = true;
        queue.clear();
    }

    private void put(Object item) throws IOException {
        try {
            while (true) {
                if (abandoned) throw new IOException("the layer pipe's reader stopped");
                if (queue.offer(item, 50, TimeUnit.MILLISECONDS)) return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing the layer pipe");
        }
    }
}
