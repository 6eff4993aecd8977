package dev.minidocker.image.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a registry's API lives: https://host/ always, except for registries allowed plain HTTP
 * (loopback, or listed as insecure). For those, as Docker does, HTTPS is tried first and plain
 * HTTP is used when the HTTPS attempt fails to connect or to handshake; the outcome is remembered
 * for the life of the client. The probe costs one round trip per registry and process.
 */
final class EndpointResolver {
    private final HttpClient client;
    private final RegistryConfig config;
    private final ConcurrentHashMap<String, URI> bases = new ConcurrentHashMap<>();

    EndpointResolver(HttpClient client, RegistryConfig config) {
        this.client = client;
        this.config = config;
    }

    /** The base URI, ending in '/', of the registry named as references name it. */
    URI base(String registry) {
        String host = RegistryHost.apiHost(registry);
        if (!config.allowsPlainHttp(registry)) return URI.create("https://" + host + "/");
        return bases.computeIfAbsent(host, this::probe);
    }

    private URI probe(String host) {
        URI https = URI.create("https://" + host + "/");
        HttpRequest req = HttpRequest.newBuilder(https.resolve("/v2/")).timeout(config.connectTimeout())
                .header("User-Agent", RegistryHttp.USER_AGENT).GET().build();
        try {
            HttpResponse<InputStream> r = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
            r.body().close();
            return https;
        } catch (IOException e) {
            return URI.create("http://" + host + "/");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("interrupted while contacting registry " + host, e);
        }
    }
}
