package dev.minidocker.api;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes an HTTP/1.1 chunked body. Every {@link #flush()} sends what was written so far as one
 * chunk, so a streaming endpoint (pull progress, logs -f, wait) reaches the client at once;
 * {@link #close()} sends the final empty chunk but leaves the connection open for the next request.
 */
public final class ChunkedOutputStream extends OutputStream {
    private final OutputStream out;
    private final byte[] buffer = new byte[8192];
    private int used;
    private boolean closed;

    public ChunkedOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        if (used == buffer.length) sendChunk();
        buffer[used++] = (byte) b;
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        if (closed) throw new IOException("stream closed");
        while (len > 0) {
            if (used == buffer.length) sendChunk();
            int n = Math.min(len, buffer.length - used);
            System.arraycopy(b, off, buffer, used, n);
            used += n;
            off += n;
            len -= n;
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        sendChunk();
        out.flush();
    }

    private void sendChunk() throws IOException {
        if (used == 0) return; // an empty chunk would end the body
        out.write((Integer.toHexString(used) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(buffer, 0, used);
        out.write(HttpLines.CRLF);
        used = 0;
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) return;
        sendChunk();
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        closed = true;
    }
}
