package dev.minidocker.image.registry;

import dev.minidocker.model.RegistryCredentials;
import dev.minidocker.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.minidocker.MiniDockerException;
import dev.minidocker.image.ImageReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Registry credentials as docker keeps them: {@code config.json} ({@code $DOCKER_CONFIG} or
 * {@code ~/.docker}), shared with {@code docker login}. For a registry, docker (cli/config
 * configfile.GetCredentialsStore) asks exactly one place: the helper {@code credHelpers[KEY]} if
 * the key is listed, else the {@code credsStore} helper if set, else the {@code auths} section. KEY
 * is {@code https://index.docker.io/v1/} for Docker Hub and {@code host[:port]} otherwise. A
 * helper that has nothing for the key means anonymous (its {@code auths} entry is not consulted);
 * a helper that is missing or fails is an error. {@code auths} values carry a base64 {@code auth}
 * or {@code username}/{@code password}, and maybe an {@code identitytoken}; their keys may be
 * spelled as URLs. Other content of the file is kept as is. Before all that, as recent docker CLIs do, an
 * {@code auths} entry for exactly KEY in the JSON of {@code $DOCKER_AUTH_CONFIG} wins.
 */
public final class CredentialStore {
    /** The key Docker uses for Docker Hub; kept so the Docker CLI finds our logins. */
    static final String DOCKER_HUB_KEY = "https://index.docker.io/v1/";
    private static final ObjectMapper JSON = Json.MAPPER;

    private final Path file;
    private final List<Path> helperPath;
    /** DOCKER_AUTH_CONFIG: a config.json whose {@code auths} entries, by exact key, come before all else. */
    private final String environmentAuths;
    /** One helper run per registry and store: a pull's parallel 401s must not each fork a helper. */
    private final Map<String, Optional<RegistryCredentials>> fromHelpers = new ConcurrentHashMap<>();

    public CredentialStore(Path configFile) {
        this(configFile, null, configFile == null ? null : System.getenv("DOCKER_AUTH_CONFIG"));
    }

    private CredentialStore(Path configFile, List<Path> helperPath, String environmentAuths) {
        this.file = configFile;
        this.helperPath = helperPath;
        this.environmentAuths = environmentAuths;
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

    /** The same file, with credential helpers looked up in these directories instead of $PATH. */
    public CredentialStore withHelperPath(List<Path> dirs) {
        return new CredentialStore(file, List.copyOf(dirs), environmentAuths);
    }

    /** The same store with this value of {@code DOCKER_AUTH_CONFIG} (null: unset). */
    public CredentialStore withEnvironmentAuths(String json) {
        return new CredentialStore(file, helperPath, json);
    }

    public Path file() {
        return file;
    }

    /** The credentials for a registry as references name it ({@code docker.io}, {@code 127.0.0.1:5000}). */
    public Optional<RegistryCredentials> lookup(String registry) {
        if (file == null) return Optional.empty();
        String wanted = RegistryHost.normalize(registry);
        String key = keyFor(wanted);
        RegistryCredentials fromEnvironment = environmentEntry(key);
        if (fromEnvironment != null) return Optional.of(fromEnvironment);
        JsonNode root = read();
        String helper = helperName(root, key);
        if (!helper.isEmpty()) {
            Optional<RegistryCredentials> known = fromHelpers.get(helper + " " + key);
            if (known != null) return known;
            Optional<RegistryCredentials> found = helper(helper).get(key);
            fromHelpers.put(helper + " " + key, found);
            return found;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("auths").properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!RegistryHost.normalize(e.getKey()).equals(wanted)) continue;
            RegistryCredentials c = parseEntry(e.getValue());
            if (c != null) return Optional.of(c);
        }
        return Optional.empty();
    }

    /** docker's in-memory store over DOCKER_AUTH_CONFIG: exact key, an unparsable value is ignored. */
    private RegistryCredentials environmentEntry(String key) {
        if (environmentAuths == null || environmentAuths.isBlank()) return null;
        try {
            JsonNode entry = JSON.readTree(environmentAuths).path("auths").get(key);
            return entry == null ? null : parseEntry(entry);
        } catch (IOException e) {
            return null;
        }
    }

    /** The helper docker would use for this key: credHelpers[key] (even empty), else credsStore; "" for none. */
    private static String helperName(JsonNode root, String key) {
        JsonNode perRegistry = root.path("credHelpers").get(key);
        if (perRegistry != null) return perRegistry.asText("");
        return root.path("credsStore").asText("");
    }

    private CredentialHelper helper(String name) {
        return new CredentialHelper(name, helperPath != null ? helperPath : CredentialHelper.systemPath());
    }

    private static RegistryCredentials parseEntry(JsonNode entry) {
        String token = entry.path("identitytoken").asText("");
        String auth = entry.path("auth").asText("");
        RegistryCredentials c = null;
        if (!auth.isEmpty()) c = RegistryCredentials.decode(auth);
        String user = entry.path("username").asText("");
        if (c == null && !user.isEmpty()) c = new RegistryCredentials(user, entry.path("password").asText(""));
        if (token.isEmpty()) return c;
        return c == null ? RegistryCredentials.ofIdentityToken(token) : new RegistryCredentials(c.username(), c.password(), token);
    }

    /**
     * Records credentials for a registry: through its helper when one is configured (config.json
     * then keeps an empty entry under the key, as docker's does), else in {@code auths}. Every other
     * {@code auths} key that names the same registry is replaced.
     */
    public synchronized void save(String registry, RegistryCredentials credentials) {
        ObjectNode root = writableRoot();
        String key = keyFor(registry);
        String helper = helperName(root, key);
        if (!helper.isEmpty()) helper(helper).store(key, credentials);
        ObjectNode auths = root.withObjectProperty("auths");
        removeKeys(auths, RegistryHost.normalize(registry));
        ObjectNode entry = auths.putObject(key);
        if (helper.isEmpty()) {
            if (credentials.hasPassword()) entry.put("auth", credentials.encode());
            if (credentials.hasIdentityToken()) entry.put("identitytoken", credentials.identityToken());
        }
        write(root);
        fromHelpers.clear();
    }

    /**
     * Forgets a registry's credentials, as {@code docker logout} does: the key and, for registries
     * other than Docker Hub, its {@code http://} and {@code https://} spellings are erased, each
     * through its helper if one is configured. Returns "spelling: error" lines when every erase
     * failed (docker's "could not erase credentials" warning), else nothing.
     */
    public synchronized List<String> erase(String registry) {
        if (file == null) throw new MiniDockerException("no credentials file configured");
        String key = keyFor(registry);
        List<String> spellings = key.equals(DOCKER_HUB_KEY) ? List.of(key) : List.of(key, "http://" + key, "https://" + key);
        JsonNode root = read();
        List<String> failures = new ArrayList<>();
        for (String spelling : spellings) {
            String helper = helperName(root, spelling);
            if (helper.isEmpty()) continue;
            try {
                helper(helper).erase(spelling);
            } catch (MiniDockerException e) {
                failures.add(spelling + ": " + e.getMessage());
            }
        }
        fromHelpers.clear();
        if (failures.size() == spellings.size()) return failures;
        if (root instanceof ObjectNode obj && obj.get("auths") instanceof ObjectNode auths
                && removeKeys(auths, RegistryHost.normalize(registry))) {
            write(obj);
        }
        return List.of();
    }

    /** The key docker files a registry's credentials under (and hands its helpers). */
    public static String keyFor(String registry) {
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
            Files.write(tmp, Json.PRETTY.writeValueAsBytes(root));
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
