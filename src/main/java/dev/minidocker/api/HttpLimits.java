package dev.minidocker.api;

import java.time.Duration;

/**
 * What the API server accepts from one client, and how long it waits for it. A limit broken in
 * the head is answered 431 (Go's net/http, which Docker's daemon uses, answers the same), a body
 * over its endpoint's limit 413; a read that stalls past its timeout ends the connection.
 *
 * @param maxHeadBytes    request line and headers together (the head is held in memory)
 * @param maxHeaderLines  header lines in one head
 * @param maxBufferedBody the default body limit of an endpoint: JSON bodies are read whole before
 *                        the handler runs, and parsing one costs ~10x its size on the daemon's
 *                        64 MiB heap, so this stays small (Docker clients send a few KiB)
 * @param drainBytes      an unread body up to this size is skipped to keep the connection; a
 *                        larger one closes it
 * @param idleTimeout     between requests, until the first byte of the next one
 * @param headerTimeout   from the first byte of a request to the end of its head, in total (so a
 *                        client trickling header bytes cannot hold a connection: slowloris)
 * @param bodyTimeout     the longest wait for the next bytes of a body (a stalled upload)
 * @param lingerTime      after an answer that closes a connection while the client may still be
 *                        sending: how long unread bytes are taken in, so the client sees the
 *                        answer instead of a reset
 */
public record HttpLimits(int maxHeadBytes, int maxHeaderLines, long maxBufferedBody, long drainBytes,
                         Duration idleTimeout, Duration headerTimeout, Duration bodyTimeout, Duration lingerTime) {

    public static final HttpLimits DEFAULTS = new HttpLimits(128 * 1024, 100, 1024 * 1024, 64 * 1024,
            Duration.ofMinutes(3), Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(1));

    public HttpLimits {
        if (maxHeadBytes < 1024 || maxHeaderLines < 1 || maxBufferedBody < 0 || drainBytes < 0) {
            throw new IllegalArgumentException("HTTP limits too small");
        }
        for (Duration d : new Duration[] {idleTimeout, headerTimeout, bodyTimeout, lingerTime}) {
            if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("HTTP timeouts must be positive");
        }
    }

    public HttpLimits withTimeouts(Duration idle, Duration header, Duration body) {
        return new HttpLimits(maxHeadBytes, maxHeaderLines, maxBufferedBody, drainBytes, idle, header, body, lingerTime);
    }

    public HttpLimits withMaxBufferedBody(long bytes) {
        return new HttpLimits(maxHeadBytes, maxHeaderLines, bytes, drainBytes, idleTimeout, headerTimeout, bodyTimeout,
                lingerTime);
    }

    /** How often deadlines are checked: a quarter of the shortest timeout, between 10 ms and 1 s. */
    Duration checkInterval() {
        long shortest = Math.min(Math.min(idleTimeout.toMillis(), headerTimeout.toMillis()),
                Math.min(bodyTimeout.toMillis(), lingerTime.toMillis()));
        return Duration.ofMillis(Math.clamp(shortest / 4, 10, 1000));
    }
}
