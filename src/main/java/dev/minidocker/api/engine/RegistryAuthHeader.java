package dev.minidocker.api.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.minidocker.api.ApiException;
import dev.minidocker.engine.image.RegistryAuth;
import dev.minidocker.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The X-Registry-Auth header: base64url JSON {username, password, auth, identitytoken,
 * serveraddress}, as the docker client sends it. No header, or one without credentials ("e30="
 * is {}): null, and the daemon's own config.json is used. X-Registry-Config (builds) is a map of
 * such entries by registry: every registry the client has credentials for, as FROM may name any.
 */
final class RegistryAuthHeader {
    private RegistryAuthHeader() {
    }

    static RegistryAuth parse(String header) {
        return header == null || header.isBlank() ? null : entry(json(header, "X-Registry-Auth"));
    }

    /** X-Registry-Config: registry (as the client's config.json names it) -> credentials; empty without the header. */
    static Map<String, RegistryAuth> parseConfig(String header) {
        Map<String, RegistryAuth> out = new LinkedHashMap<>();
        if (header == null || header.isBlank()) return out;
        for (Map.Entry<String, JsonNode> e : json(header, "X-Registry-Config").properties()) {
            RegistryAuth auth = entry(e.getValue());
            if (auth != null) out.put(e.getKey(), auth);
        }
        return out;
    }

    private static JsonNode json(String header, String name) {
        try {
            JsonNode json = Json.MAPPER.readTree(decode(header.strip()));
            if (json == null || !json.isObject()) throw new IllegalArgumentException("not a JSON object");
            return json;
        } catch (Exception e) {
            throw ApiException.badRequest("invalid " + name + " header: " + e.getMessage());
        }
    }

    private static RegistryAuth entry(JsonNode json) {
        String user = json.path("username").asText("");
        String password = json.path("password").asText("");
        String auth = json.path("auth").asText("");
        if (user.isEmpty() && !auth.isEmpty()) {
            String pair = new String(Base64.getDecoder().decode(auth), StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            if (colon > 0) {
                user = pair.substring(0, colon);
                password = pair.substring(colon + 1);
            }
        }
        String token = json.path("identitytoken").asText("");
        if (user.isEmpty() && password.isEmpty() && token.isEmpty()) return null;
        return new RegistryAuth(user, password, token);
    }

    private static byte[] decode(String value) {
        try {
            return Base64.getUrlDecoder().decode(value);
        } catch (IllegalArgumentException notUrl) {
            return Base64.getDecoder().decode(value);
        }
    }
}
