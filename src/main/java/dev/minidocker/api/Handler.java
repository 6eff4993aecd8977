package dev.minidocker.api;

import java.io.IOException;

/** One endpoint: reads the request from the exchange and answers through it. */
@FunctionalInterface
public interface Handler {
    void handle(ApiExchange exchange) throws IOException;
}
