package dev.minidocker.api;

import dev.minidocker.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * One parsed HTTP request as a handler sees it.
 *
 * @param path       the path without the {@code /v1.41} version prefix and without the query
 * @param apiVersion the version from that prefix, or null when the client sent none
 * @param query      decoded query parameters (a key may repeat)
 * @param headers    header names in lower case (the last value wins)
 * @param body       the request body, already de-chunked; empty when there is none
 * @param params     path parameters the router matched ({@code {id}} in the route)
 */
public record ApiRequest(
        String method,
        String path,
        String apiVersion,
        Map<String, List<String>> query,
        Map<String, String> headers,
        InputStream body,
        Map<String, String> params) {

    public ApiRequest withParams(Map<String, String> matched) {
        return new ApiRequest(method, path, apiVersion, query, headers, body, Map.copyOf(matched));
    }

    public String param(String name) {
        String v = params.get(name);
        if (v == null) throw new IllegalStateException("route has no parameter " + name);
        return v;
    }

    /** The first value of a query parameter, or null. */
    public String query(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.getFirst();
    }

    public String query(String name, String fallback) {
        String v = query(name);
        return v == null || v.isEmpty() ? fallback : v;
    }

    /** Docker's boolean query values: 1/true/True are true, absent/0/false/"" false. */
    public boolean flag(String name) {
        String v = query(name);
        return v != null && (v.equals("1") || v.equalsIgnoreCase("true"));
    }

    public int intQuery(String name, int fallback) {
        String v = query(name);
        if (v == null || v.isEmpty()) return fallback;
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid value for " + name + ": " + v);
        }
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    /** True when the client asked to take over the connection ({@code Upgrade: tcp}), as attach and exec do. */
    public boolean wantsUpgrade() {
        String connection = header("connection");
        return header("upgrade") != null && connection != null && connection.toLowerCase().contains("upgrade");
    }

    /** The body parsed as JSON into {@code type}; an empty body gives null. */
    public <T> T json(Class<T> type) throws IOException {
        byte[] bytes = body.readAllBytes();
        if (bytes.length == 0) return null;
        try {
            return Json.MAPPER.readValue(bytes, type);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw ApiException.badRequest("invalid JSON body: " + e.getOriginalMessage());
        }
    }

    /** A JSON query parameter such as {@code filters={"status":["running"]}}, or null. */
    public JsonNode jsonQuery(String name) {
        String v = query(name);
        if (v == null || v.isEmpty()) return null;
        try {
            return Json.MAPPER.readTree(v);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw ApiException.badRequest("invalid " + name + ": " + e.getOriginalMessage());
        }
    }
}
