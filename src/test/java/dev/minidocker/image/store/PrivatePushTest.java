package dev.minidocker.image.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minidocker.RootOnly;
import dev.minidocker.image.DockerReferences;
import dev.minidocker.image.ImageReference;
import dev.minidocker.image.registry.AccessDeniedException;
import dev.minidocker.image.registry.CredentialStore;
import dev.minidocker.image.registry.RegistryConfig;
import dev.minidocker.testing.LocalRegistry;
import dev.minidocker.testing.TokenServer;
import dev.minidocker.testing.Tools;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A private push to real docker-registries that demand credentials: one behind a token service
 * (Docker Hub's protocol), one with htpasswd Basic auth. Without credentials the push is refused
 * with one line; with the docker config's credentials it goes through.
 */
@RootOnly
class PrivatePushTest {
    /** bcrypt (cost 4) of "s3cret", made once with Python's crypt module. */
    private static final String ALICE_HTPASSWD = "alice:$2b$04$rjrbbo3co/PtkWXnJM5gVOoxXVXsbAGk421vxVx4gw.7nvHEz7hYS";

    @TempDir
    Path dir;

    private String imageTagged(ImageStore store, String ref) throws IOException {
        Path tree = Files.createDirectories(dir.resolve("tree/etc"));
        Files.writeString(tree.resolve("secret-plans"), "private\n");
        Path tar = dir.resolve("rootfs.tar");
        Tools.run("tar", "-cf", tar.toString(), "-C", dir.resolve("tree").toString(), ".");
        try (InputStream in = Files.newInputStream(tar)) {
            new RootfsImporter(store).importTarball(in, new NewImage(null, "", "Imported from -", null, null,
                    Instant.parse("2025-01-01T00:00:00Z"), DockerReferences.parseTagTarget(ref)));
        }
        return ref;
    }

    private RegistryConfig credentials(String registry, String user, String password) throws IOException {
        Path config = Files.createDirectories(dir.resolve("docker-config-" + (user == null ? "none" : user)));
        if (user != null) {
            String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            Files.writeString(config.resolve("config.json"), new ObjectMapper().writeValueAsString(
                    Map.of("auths", Map.of(registry, Map.of("auth", auth)))));
        }
        return RegistryConfig.defaults().withCredentials(CredentialStore.inDirectory(config));
    }

    private static PushResult push(ImageStore store, String ref, RegistryConfig config) {
        return RegistryPush.push(store, ImageReference.parse(ref), false, config, 5, PushProgress.QUIET).getFirst();
    }

    @Test
    void tokenAuthRegistryNeedsAndUsesTheDockerConfigCredentials() throws Exception {
        try (TokenServer tokens = new TokenServer(Files.createDirectories(dir.resolve("token")), Map.of("alice", "s3cret"));
             LocalRegistry registry = LocalRegistry.start(tokens.authYaml())) {
            ImageStore store = new ImageStore(dir.resolve("store"));
            String ref = imageTagged(store, registry.host() + "/private/app:1");

            AccessDeniedException anonymous = assertThrows(AccessDeniedException.class,
                    () -> push(store, ref, credentials(registry.host(), null, null)));
            assertTrue(anonymous.getMessage().startsWith("authentication to registry " + registry.host() + " failed"),
                    anonymous.getMessage());
            assertThrows(AccessDeniedException.class, () -> push(store, ref, credentials(registry.host(), "alice", "wrong")));

            PushResult pushed = push(store, ref, credentials(registry.host(), "alice", "s3cret"));
            assertTrue(tokens.requests.contains("alice repository:private/app:push,pull"), tokens.requests.toString());
            String inspect = Tools.run("skopeo", "inspect", "--tls-verify=false", "--creds", "alice:s3cret", "docker://" + ref);
            assertEquals(pushed.manifestDigest().toString(), new ObjectMapper().readTree(inspect).path("Digest").asText());
        }
    }

    @Test
    void htpasswdRegistryTakesBasicCredentials() throws Exception {
        Path htpasswd = Files.writeString(dir.resolve("htpasswd"), ALICE_HTPASSWD + "\n");
        String auth = """
                auth:
                  htpasswd:
                    realm: md-test
                    path: %s
                """.formatted(htpasswd);
        try (LocalRegistry registry = LocalRegistry.start(auth)) {
            ImageStore store = new ImageStore(dir.resolve("store"));
            String ref = imageTagged(store, registry.host() + "/basic/app:1");
            AccessDeniedException denied = assertThrows(AccessDeniedException.class,
                    () -> push(store, ref, credentials(registry.host(), null, null)));
            assertTrue(denied.getMessage().startsWith("push to " + registry.host() + "/basic/app denied: "), denied.getMessage());
            PushResult pushed = push(store, ref, credentials(registry.host(), "alice", "s3cret"));
            String inspect = Tools.run("skopeo", "inspect", "--tls-verify=false", "--creds", "alice:s3cret", "docker://" + ref);
            assertEquals(pushed.manifestDigest().toString(), new ObjectMapper().readTree(inspect).path("Digest").asText());
        }
    }
}
