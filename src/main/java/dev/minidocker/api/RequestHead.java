package dev.minidocker.api;

import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * A request's head as {@link RequestParser} checked it, before its body is read.
 *
 * @param path          the path without the {@code /v1.41} version prefix and without the query
 * @param headers       header names in lower case
 * @param http11        HTTP/1.1 (else 1.0: the connection closes unless the client asks to keep it)
 * @param contentLength the declared body length; 0 without a body, {@link #CHUNKED} for a chunked one
 */
record RequestHead(String method, String path, String apiVersion, Map<String, List<String>> query,
                   Map<String, String> headers, boolean http11, long contentLength) {
    static final long CHUNKED = -1;

    String header(String name) {
        return headers.get(name);
    }

    boolean hasBody() {
        return contentLength != 0;
    }

    boolean expectsContinue() {
        return headers.containsKey("expect");
    }

    /** Whether the client lets the connection serve another request afterwards. */
    boolean keepAlive() {
        String connection = headers.get("connection");
        boolean close = connection != null && hasToken(connection, "close");
        return http11 ? !close : connection != null && hasToken(connection, "keep-alive");
    }

    ApiRequest toRequest(InputStream body, Map<String, String> params) {
        return new ApiRequest(method, path, apiVersion, query, headers, body, Map.copyOf(params));
    }

    private static boolean hasToken(String list, String token) {
        for (String t : list.split(",")) {
            if (t.trim().equalsIgnoreCase(token)) return true;
        }
        return false;
    }
}
