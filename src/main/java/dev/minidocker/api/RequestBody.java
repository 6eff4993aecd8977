package dev.minidocker.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The body of one request on a connection: framed by its head (Content-Length or chunked),
 * bounded by its endpoint's limit, and accounted for afterwards so the connection knows whether
 * it can serve the next request. A client that sent {@code Expect: 100-continue} gets its
 * {@code 100 Continue} on the first read, so a body refused before that is never sent.
 */
final class RequestBody {
    private final RequestHead head;
    private final InputStream framed;
    private final OutputStream out;
    private boolean continued;
    private boolean failed;
    private boolean ended;

    RequestBody(RequestHead head, InputStream connection, OutputStream out) {
        this.head = head;
        this.out = out;
        this.framed = head.contentLength() == RequestHead.CHUNKED ? new ChunkedInputStream(connection)
                : new FixedLengthInputStream(connection, head.contentLength());
        this.ended = !head.hasBody();
    }

    /** The body as a stream that fails with 413 past {@code maxBytes} (a declared length over it is refused at once). */
    InputStream open(long maxBytes) throws BadBodyException {
        if (head.contentLength() > maxBytes) throw tooLarge(maxBytes);
        return new Bounded(maxBytes);
    }

    /**
     * After the answer: whether the connection can take another request. What the handler left
     * unread is skipped when it is at most {@code drainBytes}; a longer rest, a broken body, or one
     * the client may still be holding back for a 100 Continue it never got, close the connection.
     */
    boolean finish(long drainBytes) {
        if (ended) return true;
        if (failed || head.expectsContinue() && !continued) return false;
        if (head.contentLength() > drainBytes) return false;
        try {
            long skipped = 0;
            byte[] buf = new byte[8192];
            for (int n; (n = framed.read(buf, 0, (int) Math.min(buf.length, drainBytes - skipped + 1))) != -1; ) {
                skipped += n;
                if (skipped > drainBytes) return false;
            }
            ended = true;
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether the client may still be sending body bytes the server did not read. */
    boolean unread() {
        return !ended;
    }

    private static BadBodyException tooLarge(long maxBytes) {
        return new BadBodyException(413, "request body too large: this endpoint takes at most " + maxBytes + " bytes");
    }

    private final class Bounded extends InputStream {
        private final long maxBytes;
        private long count;

        Bounded(long maxBytes) {
            this.maxBytes = maxBytes;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            if (ended) return -1;
            if (failed) throw new IOException("request body already failed");
            if (head.expectsContinue() && !continued) {
                out.write(HttpLines.ascii("HTTP/1.1 100 Continue\r\n\r\n"));
                out.flush();
                continued = true;
            }
            int n;
            try {
                // one byte more than the limit allows tells a body that is too long
                long room = maxBytes - count;
                n = framed.read(b, off, room >= len ? len : (int) room + 1);
            } catch (IOException e) {
                failed = true;
                throw e;
            }
            if (n == -1) {
                ended = true;
                return -1;
            }
            count += n;
            if (count > maxBytes) {
                failed = true;
                throw tooLarge(maxBytes);
            }
            return n;
        }
    }
}
