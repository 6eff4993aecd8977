package dev.minidocker.api;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads an HTTP/1.1 chunked body ({@code size-in-hex CRLF data CRLF ... 0 CRLF CRLF}). A size
 * that is not hex, that does not fit in a long, a size line or trailers over their limits, or
 * chunk data not followed by CRLF fail the read with {@link BadBodyException} (400).
 */
public final class ChunkedInputStream extends InputStream {
    /** Size line with extensions; Go's net/http allows 4 KiB too. */
    static final int MAX_SIZE_LINE = 4096;
    static final int MAX_TRAILER_BYTES = 16 * 1024;
    /** 15 hex digits stay below Long.MAX_VALUE after leading zeros are dropped. */
    private static final int MAX_SIZE_DIGITS = 15;
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
                skipTrailers();
                done = true;
                return -1;
            }
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n == -1) throw new EOFException("connection closed inside a chunk");
        remaining -= n;
        if (remaining == 0 && !line(2).isEmpty()) throw new BadBodyException(400, "chunk data not followed by CRLF");
        return n;
    }

    private long nextChunkSize() throws IOException {
        String line = line(MAX_SIZE_LINE);
        int semicolon = line.indexOf(';'); // chunk extensions: ignored
        String hex = (semicolon >= 0 ? line.substring(0, semicolon) : line).stripTrailing();
        int start = 0;
        while (start < hex.length() - 1 && hex.charAt(start) == '0') start++;
        if (hex.isEmpty() || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new BadBodyException(400, "bad chunk size: " + (line.length() > 40 ? line.substring(0, 40) + "..." : line));
        }
        if (hex.length() - start > MAX_SIZE_DIGITS) throw new BadBodyException(400, "chunk size too large: " + hex);
        return Long.parseLong(hex.substring(start), 16);
    }

    private void skipTrailers() throws IOException {
        int left = MAX_TRAILER_BYTES;
        for (String t = line(left); !t.isEmpty(); t = line(left)) {
            left -= t.length() + 2; // trailers: ignored, but bounded
        }
    }

    private String line(int max) throws IOException {
        try {
            return HttpLines.readLine(in, Math.max(max, 0));
        } catch (HttpLines.LineTooLongException e) {
            throw new BadBodyException(400, max == 2 ? "chunk data not followed by CRLF" : "chunk size line or trailers too long");
        }
    }
}
