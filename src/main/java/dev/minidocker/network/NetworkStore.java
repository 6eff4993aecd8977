package dev.minidocker.network;

import dev.minidocker.json.Json;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minidocker.MiniDockerException;
import dev.minidocker.fs.AtomicFiles;
import dev.minidocker.fs.StoreFiles;
import dev.minidocker.json.JsonValues;
import dev.minidocker.state.FileLock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Network configs under {@code <root>/networks}: {@code <name>.json} per network, and per network a
 * directory {@code <name>/} with its address allocations and lock. Changes to the set of networks
 * take {@code networks/.lock}.
 */
public final class NetworkStore {
    /** Jackson for what is not on run's critical path (that path reads with JsonValues, writes with FlatJson). */
    static ObjectMapper json() {
        return Json.MAPPER;
    }
    private static final Pattern VALID_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

    private final Path root;
    private final Path dir;

    public NetworkStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.dir = this.root.resolve("networks");
    }

    public Path root() {
        return root;
    }

    public Path dir() {
        return dir;
    }

    /** The directory holding a network's allocations; created on demand. */
    public Path networkDir(String name) {
        return dir.resolve(name);
    }

    public static void checkName(String name) {
        if (!VALID_NAME.matcher(name).matches() || name.length() > 64) {
            throw new MiniDockerException("invalid network name \"" + name + "\": only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        }
    }

    /** The lock held while networks are created or removed. */
    public FileLock lock() {
        try {
            StoreFiles.createDirectories(dir);
            return FileLock.acquire(dir.resolve(".lock"));
        } catch (IOException e) {
            throw new UncheckedIOException("lock " + dir + ": " + e.getMessage(), e);
        }
    }

    public Optional<NetworkConfig> load(String name) {
        if (!VALID_NAME.matcher(name).matches()) return Optional.empty();
        try {
            byte[] json = Files.readAllBytes(dir.resolve(name + ".json"));
            // run reads this on every start: the small reader, not Jackson's data binding (see JsonValues)
            if (JsonValues.parse(json) instanceof Map<?, ?> m && m.get("Name") instanceof String n
                    && m.get("Bridge") instanceof String bridge && m.get("Subnet") instanceof String subnet) {
                return Optional.of(new NetworkConfig(n, text(m, "Id"), text(m, "Driver"), bridge, subnet,
                        text(m, "Created"), strings(m.get("Options")), strings(m.get("Labels")),
                        Boolean.TRUE.equals(m.get("Internal"))));
            }
            return Optional.of(json().readValue(json, NetworkConfig.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("read network " + name + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, String> strings(Object o) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        if (o instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) if (e.getValue() instanceof String v) out.put(String.valueOf(e.getKey()), v);
        }
        return out;
    }

    private static String text(Map<?, ?> m, String key) {
        return m.get(key) instanceof String s ? s : null;
    }

    /** By name, full id or unambiguous id prefix. */
    public NetworkConfig find(String nameOrId) {
        Optional<NetworkConfig> byName = load(nameOrId);
        if (byName.isPresent()) return byName.get();
        List<NetworkConfig> byId = list().stream().filter(n -> !nameOrId.isEmpty() && n.id().startsWith(nameOrId)).toList();
        if (byId.size() == 1) return byId.getFirst();
        if (byId.size() > 1) throw new MiniDockerException("network " + nameOrId + " is ambiguous (" + byId.size() + " matches found)");
        throw new MiniDockerException("network " + nameOrId + " not found");
    }

    /** Every network, the default first, then by name. */
    public List<NetworkConfig> list() {
        List<NetworkConfig> all = new ArrayList<>();
        if (!Files.isDirectory(dir)) return all;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.json")) {
            for (Path p : ds) {
                String f = p.getFileName().toString();
                load(f.substring(0, f.length() - 5)).ifPresent(all::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("list " + dir + ": " + e.getMessage(), e);
        }
        all.sort(Comparator.comparing((NetworkConfig n) -> !n.isDefault()).thenComparing(NetworkConfig::name));
        return all;
    }

    public void save(NetworkConfig config) {
        try {
            StoreFiles.createDirectories(networkDir(config.name()));
            AtomicFiles.write(dir.resolve(config.name() + ".json"), Json.PRETTY.writeValueAsBytes(config));
        } catch (IOException e) {
            throw new UncheckedIOException("write network " + config.name() + ": " + e.getMessage(), e);
        }
    }

    public void delete(String name) {
        try {
            Files.deleteIfExists(dir.resolve(name + ".json"));
            AtomicFiles.deleteTree(networkDir(name));
        } catch (IOException e) {
            throw new UncheckedIOException("remove network " + name + ": " + e.getMessage(), e);
        }
    }
}
