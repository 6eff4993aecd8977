package dev.minidocker.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.minidocker.MiniDockerException;
import dev.minidocker.image.ImageReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Registry credentials in Docker's {@code config.json} ({@code auths} section), so that
 * {@code docker login} and {@code mini-docker login} share them. Keys may be
 * {@code https://index.docker.io/v1/}, {@code host[:port]} or a URL; values carry a base64
 * {@code auth} field or {@code username}/{@code password}. Other content of the file is kept as is.
 * Credential helpers ({@code credsStore}, {@code credHelpers}) are not consulted.
 */
public final class CredentialStore {
    /** The key Docker uses for Docker Hub; kept so the Docker CLI finds our logins. */
    static final String DOCKER_HUB_KEY = "https://index.docker.io/v1/";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;

    public CredentialStore(Path configFile) {
        this.file = configFile;
    }

    /** {@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}. */
    public static CredentialStore fromEnvironment() {
        String dir = System.getenv("DOCKER_CONFIG");
        Path base = dir != null && !dir.isEmpty() ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".docker");
        return inDirectory(base);
    }

    /** The store in {@code dir/config.json} (Docker's {@code --config DIR}). */
    public static CredentialStore inDirectory(Path dir) {
        return new CredentialStore(dir.resolve("config.json"));
    }

    /** A store that never has credentials (and refuses to save). */
    public static CredentialStore none() {
        return new CredentialStore(null);
    }

    public Path file() {
        return file;
    }

    /** The credentials for a registry as references name it ({@code docker.io}, {@code 127.0.0.1:5000}). */
    public Optional<Credentials> lookup(String registry) {
        if (file == null) return Optional.empty();
        String wanted = RegistryHost.normalize(registry);
        JsonNode auths = read().path("auths");
        for (Iterator<Map.Entry<String, JsonNode>> it = auths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!RegistryHost.normalize(e.getKey()).equals(wanted)) continue;
            Credentials c = parseEntry(e.getValue());
            if (c != null) return Optional.of(c);
        }
        return Optional.empty();
    }

    private static Credentials parseEntry(JsonNode entry) {
        String auth = entry.path("auth").asText("");
        if (!auth.isEmpty()) return Credentials.decode(auth);
        String user = entry.path("username").asText("");
        return user.isEmpty() ? null : new Credentials(user, entry.path("password").asText(""));
    }

    /** Records credentials for a registry, replacing every other key that names the same registry. */
    public synchronized void save(String registry, Credentials credentials) {
        ObjectNode root = writableRoot();
        ObjectNode auths = root.withObjectProperty("auths");
        removeKeys(auths, RegistryHost.normalize(registry));
        auths.putObject(keyFor(registry)).put("auth", credentials.encode());
        write(root);
    }

    /** Forgets a registry's credentials; false when there were none. */
    public synchronized boolean erase(String registry) {
        ObjectNode root = writableRoot();
        if (!(root.get("auths") instanceof ObjectNode auths)) return false;
        if (!removeKeys(auths, RegistryHost.normalize(registry))) return false;
        write(root);
        return true;
    }

    private static String keyFor(String registry) {
        String r = RegistryHost.normalize(registry);
        return r.equals(ImageReference.DOCKER_HUB) ? DOCKER_HUB_KEY : r;
    }

    private static boolean removeKeys(ObjectNode auths, String normalized) {
        boolean removed = false;
        for (Iterator<String> it = auths.fieldNames(); it.hasNext(); ) {
            if (RegistryHost.normalize(it.next()).equals(normalized)) {
                it.remove();
                removed = true;
            }
        }
        return removed;
    }

    private JsonNode read() {
        try {
            return JSON.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return JSON.createObjectNode();
        } catch (IOException e) {
            throw new MiniDockerException("read credentials from " + file + ": " + e.getMessage(), e);
        }
    }

    private ObjectNode writableRoot() {
        if (file == null) throw new MiniDockerException("no credentials file configured");
        JsonNode root = read();
        if (!(root instanceof ObjectNode obj)) {
            throw new MiniDockerException("read credentials from " + file + ": not a JSON object");
        }
        return obj;
    }

    /** Temp file with mode 0600 in the same directory, then an atomic rename. */
    private void write(ObjectNode root) {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            tmp = Files.createTempFile(dir, ".config.json.", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(tmp, JSON.writeValueAsBytes(root));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
        } catch (IOException e) {
            throw new MiniDockerException("write credentials to " + file + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the write already failed and says so
                }
            }
        }
    }
}
