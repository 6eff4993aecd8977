package dev.minidocker.api.engine;

import dev.minidocker.json.Json;
import dev.minidocker.api.ApiExchange;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A stream of JSON lines (pull progress) that starts the HTTP response only with its first line.
 * A failure before any line can still be answered with a proper error status (404 for an unknown
 * image), as Docker's daemon does; after that it must be a line in the stream. A client that went
 * away is not an error for the work in progress: its lines are dropped.
 */
final class JsonLineStream implements AutoCloseable {
    private final ApiExchange exchange;
    private OutputStream out;
    private boolean broken;

    JsonLineStream(ApiExchange exchange) {
        this.exchange = exchange;
    }

    synchronized boolean started() {
        return out != null;
    }

    /** Whether a write failed: the client went away. */
    synchronized boolean broken() {
        return broken;
    }

    synchronized void write(Object message) {
        if (broken) return;
        try {
            if (out == null) out = exchange.stream(200, "application/json");
            out.write(Json.MAPPER.writeValueAsBytes(message));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            broken = true;
        }
    }

    @Override
    public synchronized void close() {
        if (out == null || broken) return;
        try {
            out.close();
        } catch (IOException e) {
            broken = true;
        }
    }
}
