package dev.minidocker.image.registry;

import dev.minidocker.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import dev.minidocker.MiniDockerException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * How the registry client behaves.
 *
 * @param insecureRegistries registries (host or host:port) that may be spoken to over plain HTTP;
 *                           loopback registries always may
 * @param connectTimeout     TCP/TLS connect limit
 * @param readTimeout        limit for response headers, and for silence in the middle of a body
 * @param maxRetries         retries after the first attempt (connection errors, 5xx, 429)
 * @param initialBackoff     first retry delay, doubled on each further retry
 * @param credentials        where login credentials come from
 */
public record RegistryConfig(Set<String> insecureRegistries, Duration connectTimeout, Duration readTimeout,
                             int maxRetries, Duration initialBackoff, CredentialStore credentials) {
    /** Mirrors Docker's /etc/docker/daemon.json; only "insecure-registries" is read. */
    public static final Path DAEMON_JSON = Path.of("/etc/minidocker/daemon.json");

    public RegistryConfig {
        insecureRegistries = Set.copyOf(insecureRegistries);
        if (maxRetries < 0) throw new IllegalArgumentException("maxRetries < 0");
    }

    /** 10s connect, 30s read, 3 retries from 500ms, credentials from $DOCKER_CONFIG or ~/.docker. */
    public static RegistryConfig defaults() {
        return new RegistryConfig(Set.of(), Duration.ofSeconds(10), Duration.ofSeconds(30), 3,
                Duration.ofMillis(500), CredentialStore.fromEnvironment());
    }

    /** The defaults plus the insecure registries of {@link #DAEMON_JSON} and of {@code extraInsecure}. */
    public static RegistryConfig load(Collection<String> extraInsecure) {
        return defaults().withInsecureRegistries(union(readInsecureRegistries(DAEMON_JSON), extraInsecure));
    }

    public RegistryConfig withInsecureRegistries(Collection<String> registries) {
        Set<String> normalized = new LinkedHashSet<>();
        for (String r : registries) normalized.add(RegistryHost.normalize(r));
        return new RegistryConfig(normalized, connectTimeout, readTimeout, maxRetries, initialBackoff, credentials);
    }

    public RegistryConfig withCredentials(CredentialStore store) {
        return new RegistryConfig(insecureRegistries, connectTimeout, readTimeout, maxRetries, initialBackoff, store);
    }

    public RegistryConfig withTimeouts(Duration connect, Duration read) {
        return new RegistryConfig(insecureRegistries, connect, read, maxRetries, initialBackoff, credentials);
    }

    public RegistryConfig withRetries(int retries, Duration backoff) {
        return new RegistryConfig(insecureRegistries, connectTimeout, readTimeout, retries, backoff, credentials);
    }

    /** May this registry be spoken to over plain HTTP? (host:port, or the bare host, listed; or loopback) */
    public boolean allowsPlainHttp(String registry) {
        String r = RegistryHost.normalize(registry);
        return RegistryHost.isLoopback(r) || insecureRegistries.contains(r)
                || insecureRegistries.contains(RegistryHost.hostOnly(r));
    }

    /** The "insecure-registries" array of a daemon.json; empty when the file does not exist. */
    public static Set<String> readInsecureRegistries(Path daemonJson) {
        try {
            JsonNode list = Json.MAPPER.readTree(Files.readAllBytes(daemonJson)).path("insecure-registries");
            Set<String> out = new LinkedHashSet<>();
            list.forEach(n -> out.add(n.asText()));
            return out;
        } catch (NoSuchFileException e) {
            return Set.of();
        } catch (IOException e) {
            throw new MiniDockerException("read " + daemonJson + ": " + e.getMessage(), e);
        }
    }

    private static Set<String> union(Collection<String> a, Collection<String> b) {
        Set<String> s = new LinkedHashSet<>(a);
        s.addAll(b);
        return s;
    }
}
