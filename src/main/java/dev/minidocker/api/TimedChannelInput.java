package dev.minidocker.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.SocketChannel;

/**
 * A connection's input with a deadline on every read, which {@link ReadDeadlines} enforces by
 * closing the channel: a blocking read on a UNIX socket channel has no timeout of its own. What a
 * read may wait for depends on where the connection is:
 * <ul>
 * <li>between requests, the idle timeout; the first byte of a request starts its head's clock;
 * <li>in a request head, what is left of the header timeout (in total, so trickled bytes do not
 *     extend it);
 * <li>in a body, the body timeout for each read (a stalled upload ends, a slow steady one does not);
 * <li>lingering before a close, what is left of the linger time;
 * <li>after a handler took the connection over (attach, exec, a client's run), no limit.
 * </ul>
 * Reads go straight to the channel (no stream adapter with a monitor), which lets a virtual thread
 * park in them without holding its carrier.
 */
final class TimedChannelInput extends InputStream {
    private enum Phase { IDLE, HEAD, BODY, LINGER, UNTIMED }

    private final SocketChannel channel;
    private final HttpLimits limits;
    private volatile Phase phase = Phase.IDLE;
    private volatile long phaseEnd; // for HEAD and LINGER
    private volatile boolean reading;
    private volatile long readDeadline;
    private volatile boolean expired;

    TimedChannelInput(SocketChannel channel, HttpLimits limits) {
        this.channel = channel;
        this.limits = limits;
    }

    /** Waiting for the next request; {@code alreadyStarted} when its first bytes are already buffered. */
    void awaitRequest(boolean alreadyStarted) {
        if (alreadyStarted) {
            startHead();
        } else {
            phase = Phase.IDLE;
        }
    }

    /** The head is read: from now on each read waits at most the body timeout. */
    void readingBody() {
        phase = Phase.BODY;
    }

    /** A handler owns the connection (a hijacked stream): its reads wait as long as it likes. */
    void untimed() {
        phase = Phase.UNTIMED;
    }

    /** Reads before closing may take {@code lingerTime} in total. */
    void linger() {
        phaseEnd = System.nanoTime() + limits.lingerTime().toNanos();
        phase = Phase.LINGER;
    }

    /** Whether the connection was closed because a read waited past its deadline. */
    boolean expired() {
        return expired;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        Phase p = phase;
        long now = System.nanoTime();
        readDeadline = switch (p) {
            case IDLE -> now + limits.idleTimeout().toNanos();
            case BODY -> now + limits.bodyTimeout().toNanos();
            case HEAD, LINGER -> phaseEnd;
            case UNTIMED -> 0;
        };
        reading = p != Phase.UNTIMED;
        int n;
        try {
            n = channel.read(ByteBuffer.wrap(b, off, len));
        } catch (AsynchronousCloseException e) {
            if (expired) throw new ReadTimeoutException(p.name().toLowerCase(java.util.Locale.ROOT));
            throw e;
        } finally {
            reading = false;
        }
        if (n > 0 && p == Phase.IDLE) startHead();
        return n;
    }

    private void startHead() {
        phaseEnd = System.nanoTime() + limits.headerTimeout().toNanos();
        phase = Phase.HEAD;
    }

    /** Called by the deadline checker: closes the channel if a read waits past its deadline. */
    boolean expireIfLate(long now) {
        if (!reading || now - readDeadline < 0) return false;
        expired = true;
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        return true;
    }

    /** A read that waited past its deadline: the connection is closed. */
    static final class ReadTimeoutException extends IOException {
        ReadTimeoutException(String phase) {
            super("connection closed: no data within the " + phase + " timeout");
        }
    }
}
