package dev.minidocker.api;

import dev.minidocker.json.Json;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal HTTP/1.1 client over a UNIX (or TCP) socket; java.net.http cannot reach UNIX sockets.
 * One connection per request: the daemon is local, so connecting is cheap, and a hijacked
 * stream (attach, exec) owns its connection anyway.
 */
public final class UnixHttpClient {
    private final SocketAddress address;

    public UnixHttpClient(SocketAddress address) {
        this.address = address;
    }

    public SocketAddress address() {
        return address;
    }

    /** Sends a request ({@code body} JSON-encoded unless null) and returns the response head with a body stream. */
    public ApiResponse send(String method, String path, Object body) throws IOException {
        byte[] bytes = body == null ? null
                : body instanceof byte[] b ? b : Json.MAPPER.writeValueAsBytes(body);
        SocketChannel ch = SocketChannel.open(address);
        try {
            InputStream in = new BufferedInputStream(Channels.newInputStream(ch));
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch));
            writeRequest(out, method, path, bytes, false);
            return readResponse(in, ch, method);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * Sends a request asking for {@code Upgrade: tcp} and returns the response; on 101 (or 200) its
     * body is the raw stream, and {@link #output} of the same response writes to the server.
     */
    public Hijacked hijack(String method, String path, Object body) throws IOException {
        byte[] bytes = body == null ? null : Json.MAPPER.writeValueAsBytes(body);
        SocketChannel ch = SocketChannel.open(address);
        try {
            InputStream in = new BufferedInputStream(Channels.newInputStream(ch));
            OutputStream out = Channels.newOutputStream(ch);
            writeRequest(new BufferedOutputStream(out), method, path, bytes, true);
            ApiResponse head = readHead(in, ch);
            return new Hijacked(head, in, out, ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** A taken-over connection: the response head, the raw stream from the server, the way back. */
    public record Hijacked(ApiResponse head, InputStream in, OutputStream out, SocketChannel channel)
            implements AutoCloseable {
        /** Half-closes the way to the server: the container's stdin sees end of file. */
        public void closeOutput() throws IOException {
            channel.shutdownOutput();
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    private static void writeRequest(OutputStream out, String method, String path, byte[] body, boolean upgrade)
            throws IOException {
        StringBuilder sb = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n");
        sb.append("Host: docker\r\nUser-Agent: mini-docker\r\n");
        sb.append(upgrade ? "Connection: Upgrade\r\nUpgrade: tcp\r\n" : "Connection: close\r\n");
        if (body != null) sb.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
        sb.append("\r\n");
        out.write(HttpLines.ascii(sb.toString()));
        if (body != null) out.write(body);
        out.flush();
    }

    private static ApiResponse readResponse(InputStream in, SocketChannel ch, String method) throws IOException {
        ApiResponse head = readHead(in, ch);
        InputStream body;
        String te = head.header("transfer-encoding");
        String length = head.header("content-length");
        if (method.equals("HEAD") || head.status() == 204 || head.status() == 304) {
            body = InputStream.nullInputStream();
        } else if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
            body = new ChunkedInputStream(in);
        } else if (length != null) {
            body = new FixedLengthInputStream(in, Long.parseLong(length.trim()));
        } else {
            body = in; // until the server closes
        }
        return new ApiResponse(head.status(), head.headers(), body, ch);
    }

    private static ApiResponse readHead(InputStream in, SocketChannel ch) throws IOException {
        String status = HttpLines.readLine(in);
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) throw new IOException("not an HTTP response: " + status);
        int code;
        try {
            code = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP response: " + status);
        }
        Map<String, String> headers = new HashMap<>();
        for (String line = HttpLines.readLine(in); !line.isEmpty(); line = HttpLines.readLine(in)) {
            int colon = line.indexOf(':');
            if (colon > 0) headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        return new ApiResponse(code, headers, in, ch);
    }
}
