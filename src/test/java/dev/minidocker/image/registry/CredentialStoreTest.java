package dev.minidocker.image.registry;

import dev.minidocker.model.RegistryCredentials;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialStoreTest {
    @TempDir
    Path dir;

    private CredentialStore storeWith(String json) throws Exception {
        Files.writeString(dir.resolve("config.json"), json);
        return CredentialStore.inDirectory(dir);
    }

    @Test
    void dockerHubKeyAndHostKeysWithOrWithoutScheme() throws Exception {
        String hub = new RegistryCredentials("hubuser", "hubpw").encode();
        CredentialStore s = storeWith("{\"auths\":{"
                + "\"https://index.docker.io/v1/\":{\"auth\":\"" + hub + "\"},"
                + "\"http://127.0.0.1:5000\":{\"username\":\"local\",\"password\":\"pw\"},"
                + "\"registry.example.com\":{\"auth\":\"\",\"username\":\"ex\",\"password\":\"expw\"}}}");
        assertEquals(Optional.of(new RegistryCredentials("hubuser", "hubpw")), s.lookup("docker.io"));
        assertEquals(Optional.of(new RegistryCredentials("local", "pw")), s.lookup("127.0.0.1:5000"));
        assertEquals(Optional.of(new RegistryCredentials("ex", "expw")), s.lookup("registry.example.com"));
        assertEquals(Optional.empty(), s.lookup("127.0.0.1:5001"));
    }

    @Test
    void missingFileMeansNoCredentials() {
        assertEquals(Optional.empty(), CredentialStore.inDirectory(dir.resolve("nope")).lookup("docker.io"));
    }

    @Test
    void saveKeepsOtherContentWritesMode0600AndEraseRemovesAllSpellings() throws Exception {
        CredentialStore s = storeWith("{\"auths\":{\"http://127.0.0.1:5000/\":{\"auth\":\"b2xkOm9sZA==\"}},"
                + "\"psFormat\":\"table\"}");
        s.save("127.0.0.1:5000", new RegistryCredentials("new", "pw"));
        s.save("docker.io", new RegistryCredentials("hub", "hubpw"));
        Path file = dir.resolve("config.json");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        assertEquals("table", root.path("psFormat").asText());
        assertEquals(2, root.path("auths").size());
        assertEquals(new RegistryCredentials("new", "pw").encode(), root.path("auths").path("127.0.0.1:5000").path("auth").asText());
        assertTrue(root.path("auths").has("https://index.docker.io/v1/"));
        assertEquals(Optional.of(new RegistryCredentials("new", "pw")), s.lookup("127.0.0.1:5000"));

        assertEquals(java.util.List.of(), s.erase("index.docker.io"));
        assertEquals(java.util.List.of(), s.erase("docker.io"), "no helper: nothing can fail");
        assertEquals(Optional.empty(), s.lookup("docker.io"));
        assertEquals(Optional.of(new RegistryCredentials("new", "pw")), s.lookup("127.0.0.1:5000"));
        try (var leftovers = Files.list(dir)) {
            assertEquals(1, leftovers.count(), "no temp files left behind");
        }
    }

    @Test
    void passwordNeverShowsInToString() {
        assertFalse(new RegistryCredentials("u", "topsecret").toString().contains("topsecret"));
    }
}
