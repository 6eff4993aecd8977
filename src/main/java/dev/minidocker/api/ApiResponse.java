package dev.minidocker.api;

import dev.minidocker.json.Json;
import dev.minidocker.MiniDockerException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A response as {@link UnixHttpClient} reads it: status, headers (names in lower case) and the
 * body as a stream (de-chunked). Close it to close the connection.
 */
public record ApiResponse(int status, Map<String, String> headers, InputStream body, AutoCloseable connection)
        implements AutoCloseable {

    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    public boolean successful() {
        return status >= 200 && status < 300;
    }

    /** The whole body as bytes (then closes). */
    public byte[] readAll() throws IOException {
        try (this) {
            return body.readAllBytes();
        }
    }

    public String text() throws IOException {
        return new String(readAll(), StandardCharsets.UTF_8);
    }

    /** The body parsed as {@code type}; an error status throws its Docker message instead. */
    public <T> T json(Class<T> type) throws IOException {
        byte[] bytes = orThrow().readAll();
        return Json.MAPPER.readValue(bytes, type);
    }

    /** This response if it succeeded; else a MiniDockerException with the server's message. */
    public ApiResponse orThrow() throws IOException {
        if (successful() || status == 101) return this;
        byte[] bytes = readAll();
        String message;
        try {
            message = Json.MAPPER.readValue(bytes, ErrorResponse.class).message();
        } catch (IOException e) {
            message = new String(bytes, StandardCharsets.UTF_8).strip();
        }
        throw new ApiException(status, message == null || message.isEmpty() ? "daemon answered " + status : message);
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (Exception ignored) {
            // closing anyway
        }
    }
}
