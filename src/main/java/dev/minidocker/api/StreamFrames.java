package dev.minidocker.api;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Docker's multiplexed stream (attach, logs, exec without a TTY): each write is a frame with an
 * 8-byte header {@code [stream, 0, 0, 0, size as big-endian uint32]} followed by {@code size}
 * bytes. Stream 0 is stdin, 1 stdout, 2 stderr. With a TTY there are no frames, just bytes.
 */
public final class StreamFrames {
    public static final int STDIN = 0;
    public static final int STDOUT = 1;
    public static final int STDERR = 2;
    /** Content types of a hijacked or streamed body: framed, or raw for a TTY. */
    public static final String MULTIPLEXED = "application/vnd.docker.multiplexed-stream";
    public static final String RAW = "application/vnd.docker.raw-stream";

    private final OutputStream out;

    /** Frames written to {@code out}; callers from several threads are serialised. */
    public StreamFrames(OutputStream out) {
        this.out = out;
    }

    /** Writes one frame and flushes it (so followers see each line at once). Empty writes send nothing. */
    public synchronized void write(int stream, byte[] data, int off, int len) throws IOException {
        if (len == 0) return;
        out.write(header(stream, len));
        out.write(data, off, len);
        out.flush();
    }

    /** An OutputStream whose every write becomes one frame of {@code stream}. */
    public OutputStream streamOf(int stream) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                StreamFrames.this.write(stream, new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                StreamFrames.this.write(stream, b, off, len);
            }
        };
    }

    static byte[] header(int stream, int size) {
        return new byte[] {(byte) stream, 0, 0, 0,
                (byte) (size >>> 24), (byte) (size >>> 16), (byte) (size >>> 8), (byte) size};
    }

    /** One frame read back: which stream, and its bytes. */
    public record Frame(int stream, byte[] data) {}

    /** The next frame of a multiplexed stream, or null at a clean end of stream. */
    public static Frame read(InputStream in) throws IOException {
        byte[] h = new byte[8];
        int n = in.readNBytes(h, 0, 8);
        if (n == 0) return null;
        if (n < 8) throw new EOFException("stream ended inside a frame header");
        int size = (h[4] & 0xff) << 24 | (h[5] & 0xff) << 16 | (h[6] & 0xff) << 8 | (h[7] & 0xff);
        if (size < 0) throw new IOException("frame too large");
        byte[] data = in.readNBytes(size);
        if (data.length < size) throw new EOFException("stream ended inside a frame");
        return new Frame(h[0], data);
    }
}
