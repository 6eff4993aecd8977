package dev.minidocker.image.registry;

import dev.minidocker.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns registry error answers into one-line text. */
final class RegistryErrors {
    private static final ObjectMapper JSON = Json.MAPPER;
    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"),
            Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(406, "Not Acceptable"),
            Map.entry(408, "Request Timeout"), Map.entry(409, "Conflict"), Map.entry(410, "Gone"),
            Map.entry(416, "Range Not Satisfiable"), Map.entry(429, "Too Many Requests"),
            Map.entry(500, "Internal Server Error"), Map.entry(501, "Not Implemented"),
            Map.entry(502, "Bad Gateway"), Map.entry(503, "Service Unavailable"), Map.entry(504, "Gateway Timeout"));

    private RegistryErrors() {}

    /** "500 Internal Server Error" (java.net.http does not expose reason phrases). */
    static String statusLine(int status) {
        String reason = REASONS.get(status);
        return reason == null ? String.valueOf(status) : status + " " + reason;
    }

    /**
     * The messages of a distribution-spec error body ({@code {"errors":[{"code":..,"message":..}]}}),
     * joined; null when the body is not one.
     */
    static String message(byte[] body) {
        if (body == null || body.length == 0) return null;
        try {
            JsonNode errors = JSON.readTree(body).path("errors");
            List<String> parts = new ArrayList<>();
            for (JsonNode e : errors) {
                String m = e.path("message").asText("");
                parts.add(m.isEmpty() ? e.path("code").asText("").toLowerCase(java.util.Locale.ROOT).replace('_', ' ') : m);
            }
            parts.removeIf(String::isEmpty);
            return parts.isEmpty() ? null : String.join("; ", parts);
        } catch (IOException e) {
            return null;
        }
    }

    /** The error code of the first error ("MANIFEST_UNKNOWN", "NAME_UNKNOWN"), or null. */
    static String code(byte[] body) {
        if (body == null || body.length == 0) return null;
        try {
            String c = JSON.readTree(body).path("errors").path(0).path("code").asText("");
            return c.isEmpty() ? null : c;
        } catch (IOException e) {
            return null;
        }
    }

    /** Reads (a bounded part of) an error body and closes the response. */
    static byte[] drain(RegistryResponse r) {
        try (r) {
            return r.readAtMost(64 * 1024);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    /** "registry R answered 418 ... for GET /v2/...: message". */
    static RegistryException unexpected(String registry, RegistryResponse r, String requestLine) {
        String msg = message(drain(r));
        return new RegistryException("registry " + registry + " answered " + statusLine(r.status()) + " for "
                + requestLine + (msg != null ? ": " + msg : ""));
    }
}
