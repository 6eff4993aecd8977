package dev.minidocker.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one HTTP/1.1 request head from a connection and wraps its body. Docker clients put the
 * API version in front of every path ({@code /v1.41/containers/json}); it is split off here so
 * routes are written without it.
 */
final class RequestParser {
    private static final Pattern VERSIONED = Pattern.compile("/v(\\d+\\.\\d+)(/.*)");
    private static final int MAX_HEADERS = 100;

    private RequestParser() {}

    /** The next request, or null when the client closed the connection between requests. */
    static ApiRequest read(InputStream in) throws IOException {
        String requestLine = HttpLines.readLineOrNull(in);
        while (requestLine != null && requestLine.isEmpty()) requestLine = HttpLines.readLineOrNull(in); // stray CRLF
        if (requestLine == null) return null;
        String[] parts = requestLine.split(" ");
        if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) throw new MalformedRequestException("bad request line: " + requestLine);
        Map<String, String> headers = new HashMap<>();
        for (int i = 0; ; i++) {
            String line = HttpLines.readLine(in);
            if (line.isEmpty()) break;
            if (i == MAX_HEADERS) throw new MalformedRequestException("too many headers");
            int colon = line.indexOf(':');
            if (colon <= 0) throw new MalformedRequestException("bad header line: " + line);
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        String target = parts[1];
        int q = target.indexOf('?');
        String rawPath = q >= 0 ? target.substring(0, q) : target;
        Map<String, List<String>> query = q >= 0 ? parseQuery(target.substring(q + 1)) : Map.of();
        String version = null;
        Matcher m = VERSIONED.matcher(rawPath);
        if (m.matches()) {
            version = m.group(1);
            rawPath = m.group(2);
        }
        return new ApiRequest(parts[0], rawPath, version, query, headers, body(in, headers), Map.of());
    }

    private static InputStream body(InputStream in, Map<String, String> headers) {
        String te = headers.get("transfer-encoding");
        if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) return new ChunkedInputStream(in);
        String length = headers.get("content-length");
        if (length == null) return InputStream.nullInputStream();
        try {
            long n = Long.parseLong(length.trim());
            if (n < 0) throw new NumberFormatException();
            return new FixedLengthInputStream(in, n);
        } catch (NumberFormatException e) {
            throw new MalformedRequestException("bad Content-Length: " + length);
        }
    }

    static Map<String, List<String>> parseQuery(String query) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String key = decode(eq >= 0 ? pair.substring(0, eq) : pair, true);
            String value = eq >= 0 ? decode(pair.substring(eq + 1), true) : "";
            out.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return out;
    }

    /** Percent-decoding; '+' means space only in a query (in a path it is a plus). */
    static String decode(String s, boolean plusIsSpace) {
        if (s.indexOf('%') < 0 && (!plusIsSpace || s.indexOf('+') < 0)) return s;
        byte[] out = new byte[s.length()];
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                int hi = Character.digit(s.charAt(i + 1), 16), lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) throw new MalformedRequestException("bad percent escape in " + s);
                out[n++] = (byte) (hi << 4 | lo);
                i += 2;
            } else if (c == '%') {
                throw new MalformedRequestException("bad percent escape in " + s);
            } else {
                out[n++] = (byte) (plusIsSpace && c == '+' ? ' ' : c);
            }
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    /** A request that is not HTTP we understand: answered with 400 and the connection closed. */
    static final class MalformedRequestException extends ApiException {
        MalformedRequestException(String message) {
            super(400, message);
        }
    }
}
