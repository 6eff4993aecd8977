package dev.minidocker.api.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.minidocker.api.ApiException;
import dev.minidocker.engine.image.RegistryAuth;
import dev.minidocker.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The X-Registry-Auth header: base64url JSON {username, password, auth, identitytoken,
 * serveraddress}, as the docker client sends it. No header, or one without credentials ("e30="
 * is {}): null, and the daemon's own config.json is used.
 */
final class RegistryAuthHeader {
    private RegistryAuthHeader() {
    }

    static RegistryAuth parse(String header) {
        if (header == null || header.isBlank()) return null;
        JsonNode json;
        try {
            byte[] raw = decode(header.strip());
            json = Json.MAPPER.readTree(raw);
        } catch (Exception e) {
            throw ApiException.badRequest("invalid X-Registry-Auth header: " + e.getMessage());
        }
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
