package dev.minidocker.api;

import dev.minidocker.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One request and the means to answer it: a JSON body, an empty one, a streamed (chunked) body,
 * or hijacking the connection for a raw two-way stream (attach, exec). A handler answers exactly
 * once; the server answers errors it throws before it started answering.
 */
public final class ApiExchange {
    private final ApiRequest request;
    private final InputStream in;
    private final OutputStream out;
    private final Map<String, String> commonHeaders;
    private final Map<String, String> extraHeaders = new LinkedHashMap<>();
    private final boolean overUnixSocket;
    private boolean started;
    private boolean hijacked;
    private OutputStream streamed;
    private final Runnable onTakeover;
    private final java.nio.file.attribute.UserPrincipal peer;

    ApiExchange(ApiRequest request, InputStream in, OutputStream out, Map<String, String> commonHeaders,
                boolean overUnixSocket, Runnable onTakeover, java.nio.file.attribute.UserPrincipal peer) {
        this.overUnixSocket = overUnixSocket;
        this.peer = peer;
        this.request = request;
        this.in = in;
        this.out = out;
        this.commonHeaders = commonHeaders;
        this.onTakeover = onTakeover;
    }

    public ApiRequest request() {
        return request;
    }

    /** Whether the request came over the daemon's UNIX socket (root-only), not the TCP listener. */
    public boolean overUnixSocket() {
        return overUnixSocket;
    }

    /**
     * The user of the process at the other end of the UNIX socket, as the kernel recorded it when
     * it connected (SO_PEERCRED); null over TCP or if the kernel would not say.
     */
    public java.nio.file.attribute.UserPrincipal peer() {
        return peer;
    }

    /** Adds a header to the response (before it starts). */
    public ApiExchange header(String name, String value) {
        extraHeaders.put(name, value);
        return this;
    }

    public boolean started() {
        return started;
    }

    boolean hijacked() {
        return hijacked;
    }

    /** Answers {@code status} with {@code value} as JSON. */
    public void json(int status, Object value) throws IOException {
        bytes(status, "application/json", Json.MAPPER.writeValueAsBytes(value));
    }

    /** Answers with a body of known length (HEAD requests get the head only). */
    public void bytes(int status, String contentType, byte[] body) throws IOException {
        Map<String, String> h = new LinkedHashMap<>();
        if (contentType != null) h.put("Content-Type", contentType);
        h.put("Content-Length", Integer.toString(body.length));
        writeHead(status, reason(status), h);
        if (!request.method().equals("HEAD")) out.write(body);
        out.flush();
    }

    /** 204 No Content, or another status without a body. */
    public void empty(int status) throws IOException {
        bytes(status, null, new byte[0]);
    }

    /**
     * Starts a chunked body and returns the stream to write it to. Headers go out at once, so a
     * client waiting for them (wait, events) is not blocked; flush() sends a chunk, close() ends the body.
     */
    public OutputStream stream(int status, String contentType) throws IOException {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", contentType);
        h.put("Transfer-Encoding", "chunked");
        writeHead(status, reason(status), h);
        out.flush();
        streamed = new ChunkedOutputStream(out);
        return streamed;
    }

    /**
     * Takes the connection over for a raw stream, as Docker's attach and exec start do: answers
     * {@code 101 UPGRADED} when the client asked for {@code Upgrade: tcp}, else a 200 without a
     * length, and hands back both directions. The connection closes when the handler returns.
     */
    public HijackedConnection hijack(String contentType) throws IOException {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", contentType);
        if (request.wantsUpgrade()) {
            h.put("Connection", "Upgrade");
            h.put("Upgrade", "tcp");
            writeHead(101, "UPGRADED", h);
        } else {
            writeHead(200, "OK", h);
        }
        out.flush();
        hijacked = true;
        onTakeover.run();
        return new HijackedConnection(in, out);
    }

    /**
     * Answers {@code 101 UPGRADED} to {@code protocol} (which the client asked for with
     * {@code Connection: Upgrade}) and hands back both directions of the connection, which closes
     * when the handler returns.
     */
    public HijackedConnection upgrade(String protocol) throws IOException {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Connection", "Upgrade");
        h.put("Upgrade", protocol);
        writeHead(101, "UPGRADED", h);
        out.flush();
        hijacked = true;
        onTakeover.run();
        return new HijackedConnection(in, out);
    }

    /** Ends a streamed body if the handler left it open. */
    void finish() throws IOException {
        if (streamed != null) streamed.close();
    }

    private void writeHead(int status, String reason, Map<String, String> headers) throws IOException {
        if (started) throw new IllegalStateException("response already started");
        started = true;
        StringBuilder sb = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason).append("\r\n");
        Map<String, String> all = new LinkedHashMap<>(commonHeaders);
        all.put("Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)));
        all.putAll(extraHeaders);
        all.putAll(headers);
        all.forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
        sb.append("\r\n");
        out.write(HttpLines.ascii(sb.toString()));
    }

    static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 204 -> "No Content";
            case 304 -> "Not Modified";
            case 100 -> "Continue";
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 413 -> "Request Entity Too Large";
            case 417 -> "Expectation Failed";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 505 -> "HTTP Version Not Supported";
            default -> "Status " + status;
        };
    }
}
