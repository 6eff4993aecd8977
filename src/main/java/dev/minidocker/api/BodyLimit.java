package dev.minidocker.api;

/**
 * How an endpoint takes its request body. Buffered (the default): the server reads the whole
 * body, up to {@code maxBytes}, before the handler runs, so a slow client holds no handler
 * thread. Streamed: the handler reads it as it arrives (an image load, a build context), up to
 * {@code maxBytes}; a longer body fails the read with 413. A declared Content-Length over the
 * limit is answered 413 before a byte of the body is read.
 */
public record BodyLimit(long maxBytes, boolean streamed) {
    public BodyLimit {
        if (maxBytes < 0) throw new IllegalArgumentException("negative body limit");
    }

    public static BodyLimit buffered(long maxBytes) {
        return new BodyLimit(maxBytes, false);
    }

    public static BodyLimit streamed(long maxBytes) {
        return new BodyLimit(maxBytes, true);
    }
}
