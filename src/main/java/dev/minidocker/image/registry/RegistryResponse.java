package dev.minidocker.image.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpHeaders;

/**
 * The final answer of a registry request, after auth, retries and redirects. The body streams;
 * the caller closes it.
 */
record RegistryResponse(int status, HttpHeaders headers, URI uri, InputStream body) implements AutoCloseable {

    boolean ok() {
        return status / 100 == 2;
    }

    String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    /** Up to {@code limit} bytes of the body (error bodies, small JSON). */
    byte[] readAtMost(int limit) throws IOException {
        return body.readNBytes(limit);
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException ignored) {
            // nothing useful to do: the connection is discarded either way
        }
    }
}
