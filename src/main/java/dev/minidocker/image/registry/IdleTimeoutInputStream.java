package dev.minidocker.image.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP response body as an InputStream whose reads give up after {@code idleTimeout} without a
 * byte. java.net.http's own timeout stops at the response headers, and its InputStream blocks
 * forever when a server goes silent mid-body; here the HttpClient pushes buffers into a queue (one
 * at a time, so memory stays bounded) and the reader polls it with the timeout. On timeout the
 * subscription is cancelled, which closes the connection.
 */
final class IdleTimeoutInputStream extends InputStream implements HttpResponse.BodySubscriber<InputStream> {
    private static final Object END = new Object();

    private final Duration idleTimeout;
    private final String what;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private volatile Flow.Subscription subscription;
    private volatile boolean closed;
    private Iterator<ByteBuffer> buffers = List.<ByteBuffer>of().iterator();
    private ByteBuffer current;
    private boolean eof;

    /** @param what what is being read, for the timeout message ("blob sha256:... from busybox") */
    IdleTimeoutInputStream(Duration idleTimeout, String what) {
        this.idleTimeout = idleTimeout;
        this.what = what;
    }

    static HttpResponse.BodyHandler<InputStream> handler(Duration idleTimeout, String what) {
        return info -> new IdleTimeoutInputStream(idleTimeout, what);
    }

    // ---- BodySubscriber side (HttpClient threads) ----

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (closed) s.cancel();
        else s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        queue.add(items);
    }

    @Override
    public void onError(Throwable t) {
        queue.add(t);
    }

    @Override
    public void onComplete() {
        queue.add(END);
    }

    @Override
    public CompletionStage<InputStream> getBody() {
        return CompletableFuture.completedFuture(this); // streaming: usable as soon as headers arrive
    }

    // ---- InputStream side (the reader's thread) ----

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) return 0;
        if (!fill()) return -1;
        int n = Math.min(len, current.remaining());
        current.get(b, off, n);
        return n;
    }

    @Override
    public int available() {
        return current == null ? 0 : current.remaining();
    }

    /** Makes {@code current} non-empty; false at the end of the body. */
    private boolean fill() throws IOException {
        while (current == null || !current.hasRemaining()) {
            if (buffers.hasNext()) {
                current = buffers.next();
                continue;
            }
            if (eof) return false;
            if (closed) throw new IOException("stream closed while reading " + what);
            Object item = take();
            if (item == END) {
                eof = true;
                return false;
            }
            if (item instanceof Throwable t) {
                throw t instanceof IOException io ? new IOException(io.getMessage() + " while reading " + what, io)
                        : new IOException("error reading " + what + ": " + t, t);
            }
            @SuppressWarnings("unchecked")
            List<ByteBuffer> list = (List<ByteBuffer>) item;
            buffers = list.iterator();
            subscription.request(1);
        }
        return true;
    }

    private Object take() throws IOException {
        try {
            Object item = queue.poll(idleTimeout.toNanos(), TimeUnit.NANOSECONDS);
            if (item != null) return item;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new java.io.InterruptedIOException("interrupted while reading " + what);
        }
        close();
        throw new SocketTimeoutException("timed out after " + format(idleTimeout) + " reading " + what);
    }

    static String format(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        Flow.Subscription s = subscription;
        if (s != null && !eof) s.cancel();
        queue.clear();
    }
}
