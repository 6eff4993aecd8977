package dev.minidocker.api;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reading CRLF-terminated lines of an HTTP head, with a length limit so a peer cannot exhaust memory. */
final class HttpLines {
    static final byte[] CRLF = {'\r', '\n'};
    /** The limit for a response head's lines (what the daemon sends its own clients). */
    private static final int MAX_LINE = 16 * 1024;

    private HttpLines() {}

    /** A line longer than its limit: the caller decides what that means (431 in a request head, 400 in a chunk). */
    static final class LineTooLongException extends IOException {
        LineTooLongException(int max) {
            super("line longer than " + max + " bytes");
        }
    }

    /** The next line without its CRLF (a bare LF is accepted too); EOFException at end of stream. */
    static String readLine(InputStream in) throws IOException {
        return readLine(in, MAX_LINE);
    }

    /** As {@link #readLine(InputStream)}, failing with {@link LineTooLongException} past {@code max} bytes. */
    static String readLine(InputStream in, int max) throws IOException {
        String line = readLineOrNull(in, max);
        if (line == null) throw new EOFException("connection closed");
        return line;
    }

    /** As {@link #readLine(InputStream, int)}, but null when the stream ends before the first byte. */
    static String readLineOrNull(InputStream in, int max) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        boolean any = false;
        while ((c = in.read()) != -1) {
            any = true;
            if (c == '\n') {
                int n = sb.length();
                if (n > 0 && sb.charAt(n - 1) == '\r') sb.setLength(n - 1);
                return sb.toString();
            }
            if (sb.length() >= max) throw new LineTooLongException(max);
            sb.append((char) c); // ISO-8859-1, as HTTP heads are
        }
        if (!any) return null;
        throw new EOFException("connection closed inside a line");
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
