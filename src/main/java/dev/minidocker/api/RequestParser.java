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
 * Reads and checks one HTTP/1.1 request head. What it refuses is answered before any handler
 * runs, with the status Go's net/http (Docker's daemon) gives: 431 for a head over its limits,
 * 400 for a malformed one or a bad Content-Length, 501 for a transfer coding other than chunked,
 * 505 for an HTTP version other than 1.x, 417 for an expectation other than 100-continue. A body
 * declared twice (Content-Length and Transfer-Encoding) is refused: a proxy in front could frame
 * it the other way (request smuggling). Docker clients put the API version in front of every path
 * ({@code /v1.41/containers/json}); it is split off here so routes are written without it.
 */
final class RequestParser {
    private static final Pattern VERSIONED = Pattern.compile("/v(\\d+\\.\\d+)(/.*)");
    private static final Pattern HTTP_VERSION = Pattern.compile("HTTP/(\\d)\\.(\\d)");
    /** 18 digits stay below Long.MAX_VALUE; nobody sends an exabyte. */
    private static final int MAX_LENGTH_DIGITS = 18;

    private RequestParser() {}

    /** The next request's head, or null when the client closed the connection between requests. */
    static RequestHead read(InputStream in, HttpLimits limits) throws IOException {
        int[] left = {limits.maxHeadBytes()};
        String requestLine;
        do { // stray CRLFs between requests are allowed; they count against the head's limit
            requestLine = line(in, left, limits, true);
            if (requestLine == null) return null;
        } while (requestLine.isEmpty());
        String[] parts = requestLine.split(" ", -1);
        if (parts.length != 3 || !isToken(parts[0]) || !parts[1].startsWith("/") || hasControl(parts[1])) {
            throw new MalformedRequestException("malformed request line: " + abbreviate(requestLine));
        }
        Matcher v = HTTP_VERSION.matcher(parts[2]);
        if (!v.matches()) throw new MalformedRequestException("malformed HTTP version: " + abbreviate(parts[2]));
        if (!v.group(1).equals("1")) throw new ApiException(505, "HTTP version not supported: " + parts[2]);
        Map<String, String> headers = readHeaders(in, left, limits);
        long length = bodyLength(headers);
        String expect = headers.get("expect");
        if (expect != null && !expect.equalsIgnoreCase("100-continue")) {
            throw new ApiException(417, "unsupported Expect: " + abbreviate(expect));
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
        return new RequestHead(parts[0], rawPath, version, query, headers, !v.group(2).equals("0"), length);
    }

    private static Map<String, String> readHeaders(InputStream in, int[] left, HttpLimits limits) throws IOException {
        Map<String, String> headers = new HashMap<>();
        for (int count = 0; ; count++) {
            String line = line(in, left, limits, false);
            if (line.isEmpty()) return headers;
            if (count == limits.maxHeaderLines()) {
                throw new ApiException(431, "request header fields too large: more than " + limits.maxHeaderLines() + " header lines");
            }
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                throw new MalformedRequestException("obsolete line folding in header: " + abbreviate(line));
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || !isToken(line.substring(0, colon))) {
                throw new MalformedRequestException("malformed header line: " + abbreviate(line));
            }
            String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            if (hasControl(value.replace('\t', ' '))) throw new MalformedRequestException("control character in header " + name);
            String previous = headers.get(name);
            if (previous != null && name.equals("content-length") && !previous.equals(value)) {
                throw new MalformedRequestException("conflicting Content-Length headers: " + previous + " and " + abbreviate(value));
            }
            headers.put(name, previous != null && name.equals("transfer-encoding") ? previous + ", " + value : value);
        }
    }

    /** The declared body length: 0 without one, CHUNKED, or the checked Content-Length. */
    private static long bodyLength(Map<String, String> headers) {
        String te = headers.get("transfer-encoding");
        String length = headers.get("content-length");
        if (te != null) {
            if (length != null) throw new MalformedRequestException("both Transfer-Encoding and Content-Length are set");
            if (!te.equalsIgnoreCase("chunked")) throw new ApiException(501, "unsupported Transfer-Encoding: " + abbreviate(te));
            return RequestHead.CHUNKED;
        }
        if (length == null) return 0;
        if (length.isEmpty() || length.length() > MAX_LENGTH_DIGITS || !length.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new MalformedRequestException("bad Content-Length: " + abbreviate(length));
        }
        return Long.parseLong(length);
    }

    /** One line of the head within what is left of its byte budget; a longer head is 431. */
    private static String line(InputStream in, int[] left, HttpLimits limits, boolean nullAtEof) throws IOException {
        try {
            String line = nullAtEof ? HttpLines.readLineOrNull(in, left[0]) : HttpLines.readLine(in, left[0]);
            if (line != null) left[0] -= line.length() + 2;
            return line;
        } catch (HttpLines.LineTooLongException e) {
            throw new ApiException(431, "request header fields too large: the request line and headers exceed "
                    + limits.maxHeadBytes() + " bytes");
        }
    }

    /** RFC 9110 token characters (methods, header names). */
    private static boolean isToken(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) return false;
        }
        return true;
    }

    private static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) return true;
        }
        return false;
    }

    /** Client text in an error message, cut short: an answer must not echo a huge head back. */
    private static String abbreviate(String s) {
        return s.length() <= 100 ? s : s.substring(0, 100) + "...";
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
                if (hi < 0 || lo < 0) throw new MalformedRequestException("bad percent escape in " + abbreviate(s));
                out[n++] = (byte) (hi << 4 | lo);
                i += 2;
            } else if (c == '%') {
                throw new MalformedRequestException("bad percent escape in " + abbreviate(s));
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
