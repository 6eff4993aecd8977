package dev.minidocker.engine.image;

import dev.minidocker.MiniDockerException;
import dev.minidocker.image.ImageReference;
import dev.minidocker.image.registry.AccessDeniedException;
import dev.minidocker.image.registry.CredentialStore;
import dev.minidocker.image.registry.RegistryClient;
import dev.minidocker.image.registry.RegistryConfig;
import dev.minidocker.image.registry.RegistryHost;
import dev.minidocker.model.RegistryCredentials;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code login} and {@code logout}: Docker's credentials (config.json in {@code configDir}, else
 * $DOCKER_CONFIG or ~/.docker, and its credential helpers), checked against the registry.
 */
public final class RegistryService {
    /** The registry refused the credentials (a wrong password, an expired token). */
    public static final class LoginDeniedException extends MiniDockerException {
        LoginDeniedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The registry a login is for: Docker Hub without a server, else the server's host[:port]. */
    public static String registryOf(String server) {
        return server == null || server.isBlank() ? ImageReference.DOCKER_HUB : RegistryHost.normalize(server);
    }

    /** The key config.json and credential helpers file the registry under. */
    public static String keyFor(String registry) {
        return CredentialStore.keyFor(registry);
    }

    /** What is stored for the registry; a helper that fails is a MiniDockerException. */
    public Optional<RegistryCredentials> stored(Path configDir, String registry) {
        return store(configDir).lookup(registry);
    }

    /** Asks the registry whether it takes these credentials; a refusal is a {@link LoginDeniedException}. */
    public void verifyLogin(Path configDir, List<String> insecureRegistries, String registry,
                            RegistryCredentials credentials) {
        RegistryConfig config = RegistryConfig.load(insecureRegistries).withCredentials(store(configDir));
        try (RegistryClient client = new RegistryClient(config)) {
            client.verifyLogin(registry, credentials);
        } catch (AccessDeniedException e) {
            throw new LoginDeniedException(e.getMessage(), e);
        }
    }

    public void save(Path configDir, String registry, RegistryCredentials credentials) {
        store(configDir).save(registry, credentials);
    }

    /** Erases what is stored; the failures (a helper that cannot erase), each as a line. */
    public List<String> erase(Path configDir, String registry) {
        return store(configDir).erase(registry);
    }

    private static CredentialStore store(Path configDir) {
        return configDir != null ? CredentialStore.inDirectory(configDir) : CredentialStore.fromEnvironment();
    }
}
