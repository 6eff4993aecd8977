package dev.minidocker.image.store;

import dev.minidocker.image.Digest;
import dev.minidocker.image.registry.GrowingBlobContent;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;

/**
 * The compressed blob {@link LayerCompressor} is writing, uploaded as it is written and never
 * stored: the writer appends to a window of memory, the uploader reads ranges of it and says
 * when a range is at the registry ({@link #sent}), which frees it. The window is bounded
 * (the writer waits while it is full), so a layer of any size needs a few MiB; a range stays
 * readable until it is sent, so an HTTP attempt can be repeated. As docker and podman push: a
 * layer's gzip is made again for each registry that lacks it (the digest is remembered per
 * DiffID, see {@link LayerBlobs}, and compression is deterministic, so it comes out the same).
 */
final class StreamedBlob implements GrowingBlobContent, AutoCloseable {
    /** The writer's first attempt was not the layer's tar (its tar-split is stale): upload the regenerated one instead. */
    static final class Superseded extends IOException {
        Superseded() {
            super("the layer's tar-split did not rebuild its tar");
        }
    }

    private static final int SEGMENT = 1 << 20;

    /** The unsent bytes, from {@code base}: segment i holds [base + i * SEGMENT, base + (i + 1) * SEGMENT). */
    private final ArrayList<byte[]> segments = new ArrayList<>();
    private final ArrayDeque<byte[]> spare = new ArrayDeque<>();
    private long capacity;
    /** The offset of the first byte of the first segment; everything before it was sent. */
    private long base;
    private long sent;
    private long written;
    private boolean complete;
    private Digest digest;
    private IOException failure;

    /** {@code capacity}: how many unsent bytes the writer may be ahead of the uploader. */
    StreamedBlob(long capacity) {
        this.capacity = Math.max(capacity, SEGMENT);
    }

    /** The writer's end; its bytes become readable as they are written. */
    final OutputStream sink = new OutputStream() {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                int n = append(b, off, len);
                off += n;
                len -= n;
            }
        }
    };

    /** Copies what fits into the window (waiting while it is full); returns how much. */
    private synchronized int append(byte[] b, int off, int len) throws IOException {
        try {
            while (failure == null && written - sent >= capacity) wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while uploading the layer");
        }
        if (failure != null) throw new IOException("upload of the layer ended: " + failure.getMessage(), failure);
        if (complete) throw new IOException("the blob is complete");
        int at = (int) ((written - base) % SEGMENT);
        if (at == 0) segments.add(spare.isEmpty() ? new byte[SEGMENT] : spare.removeFirst());
        int n = (int) Math.min(Math.min(len, SEGMENT - at), capacity - (written - sent));
        System.arraycopy(b, off, segments.getLast(), at, n);
        written += n;
        notifyAll();
        return n;
    }

    /** Every byte is written; the blob is {@code d}, {@code size} bytes. */
    synchronized void complete(Digest d, long size) {
        if (size != written) throw new IllegalStateException("blob of " + size + " bytes, " + written + " written");
        digest = d;
        complete = true;
        notifyAll();
    }

    /**
     * The writer failed (or, from the uploader, the upload did): the other side's next call
     * throws. Returns whether this was the first failure (the cause of the other side's).
     */
    synchronized boolean fail(IOException e) {
        boolean first = failure == null;
        if (first) failure = e;
        notifyAll();
        return first;
    }

    @Override
    public synchronized long await(long bytes) throws IOException {
        // an uploader that needs a larger range than the window holds (a registry's minimum chunk) widens it
        if (bytes - sent > capacity) {
            capacity = bytes - sent;
            notifyAll();
        }
        try {
            while (failure == null && !complete && written < bytes) wait();
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
    public synchronized void sent(long offset) {
        if (offset > written) throw new IllegalArgumentException("sent " + offset + " of " + written + " bytes");
        sent = Math.max(sent, offset);
        while (segments.size() > 1 && base + SEGMENT <= sent) {
            spare.addLast(segments.removeFirst());
            base += SEGMENT;
        }
        notifyAll();
    }

    @Override
    public synchronized InputStream open(long offset, long length) throws IOException {
        if (offset < sent) throw new IOException("bytes from " + offset + " were sent and freed (sent up to " + sent + ")");
        if (offset + length > written) throw new IOException("bytes up to " + (offset + length) + " are not written yet");
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
                int n = copy(position, b, off, (int) Math.min(len, left));
                position += n;
                left -= n;
                return n;
            }
        };
    }

    /** Copies from the window at {@code position} (within one segment); the range is not sent yet. */
    private synchronized int copy(long position, byte[] b, int off, int len) throws IOException {
        if (position < base) throw new IOException("bytes from " + position + " were freed");
        long relative = position - base;
        byte[] segment = segments.get((int) (relative / SEGMENT));
        int at = (int) (relative % SEGMENT);
        int n = Math.min(len, SEGMENT - at);
        System.arraycopy(segment, at, b, off, n);
        return n;
    }

    /** The uploader is done (or gave up): a writer still writing stops with an error. */
    @Override
    public synchronized void close() {
        if (!complete) fail(new IOException("the upload stopped"));
        segments.clear();
        spare.clear();
    }
}
