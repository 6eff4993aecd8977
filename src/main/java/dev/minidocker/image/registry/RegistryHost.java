package dev.minidocker.image.registry;

import dev.minidocker.image.ImageReference;
import java.util.Locale;

/** How registries are named: what users type, what config.json keys say, and where the API lives. */
public final class RegistryHost {
    private RegistryHost() {}

    /**
     * The registry name as image references use it: {@code https://index.docker.io/v1/},
     * {@code index.docker.io} and {@code registry-1.docker.io} all become {@code docker.io};
     * {@code http://127.0.0.1:5000/} becomes {@code 127.0.0.1:5000}.
     */
    public static String normalize(String server) {
        String s = server.trim();
        int scheme = s.indexOf("://");
        if (scheme >= 0) s = s.substring(scheme + 3);
        int slash = s.indexOf('/');
        if (slash >= 0) s = s.substring(0, slash);
        s = s.toLowerCase(Locale.ROOT);
        return switch (s) {
            case "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com" -> ImageReference.DOCKER_HUB;
            default -> s;
        };
    }

    /** The host[:port] the HTTP API answers on. */
    public static String apiHost(String registry) {
        return registry.equals(ImageReference.DOCKER_HUB) ? "registry-1.docker.io" : registry;
    }

    /** The host without the port ({@code [::1]} keeps its brackets). */
    public static String hostOnly(String registry) {
        if (registry.startsWith("[")) return registry.substring(0, registry.indexOf(']') + 1);
        int colon = registry.indexOf(':');
        return colon < 0 ? registry : registry.substring(0, colon);
    }

    /** localhost, 127.0.0.0/8 and [::1]: Docker lets these speak plain HTTP without configuration. */
    public static boolean isLoopback(String registry) {
        String host = hostOnly(registry);
        return host.equals("localhost") || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}") || host.equals("[::1]");
    }
}
