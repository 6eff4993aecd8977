package dev.minidocker.api;

import java.io.IOException;

/**
 * A request body that breaks its framing (400: a bad chunk) or its endpoint's limit (413). An
 * IOException, as the read that finds it fails; the server answers it with its status if the
 * handler had not started answering, and closes the connection: the body's end is unknown.
 */
public final class BadBodyException extends IOException {
    private final int status;

    public BadBodyException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
