package dev.minidocker.api;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** Reads an HTTP/1.1 chunked body ({@code size-in-hex CRLF data CRLF ... 0 CRLF CRLF}). */
public final class ChunkedInputStream extends InputStream {
    private final InputStream in;
    private long remaining; // bytes left in the current chunk
    private boolean done;

    public ChunkedInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        if (done) return -1;
        if (remaining == 0) {
            remaining = nextChunkSize();
            if (remaining == 0) {
                while (!HttpLines.readLine(in).isEmpty()) { /* trailers: ignored */ }
                done = true;
                return -1;
            }
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n == -1) throw new EOFException("connection closed inside a chunk");
        remaining -= n;
        if (remaining == 0 && !HttpLines.readLine(in).isEmpty()) throw new IOException("chunk not followed by CRLF");
        return n;
    }

    private long nextChunkSize() throws IOException {
        String line = HttpLines.readLine(in);
        int semicolon = line.indexOf(';'); // chunk extensions: ignored
        String hex = (semicolon >= 0 ? line.substring(0, semicolon) : line).trim();
        try {
            long size = Long.parseLong(hex, 16);
            if (size < 0) throw new NumberFormatException();
            return size;
        } catch (NumberFormatException e) {
            throw new IOException("bad chunk size: " + line);
        }
    }
}
