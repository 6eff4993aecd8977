package dev.minidocker.engine.image;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.minidocker.image.registry.CredentialStore;
import dev.minidocker.json.Json;
import java.nio.file.Path;

/**
 * Credentials a client sent with its request (the Engine API's X-Registry-Auth): they are used
 * for this one push instead of the daemon's config.json, as dockerd does. Empty fields: anonymous.
 */
public record RegistryAuth(String username, String password, String identityToken) {
    /** A store that answers these credentials for {@code registry} and nothing else. */
    CredentialStore credentialStore(String registry) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode entry = root.putObject("auths").putObject(CredentialStore.keyFor(registry));
        if (username != null && !username.isEmpty()) entry.put("username", username);
        if (password != null) entry.put("password", password);
        if (identityToken != null && !identityToken.isEmpty()) entry.put("identitytoken", identityToken);
        // no file behind it: only the client's credentials count
        return new CredentialStore(Path.of("/nonexistent/minidocker-registry-auth/config.json"))
                .withEnvironmentAuths(root.toString());
    }
}
