package dev.minidocker.image.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a registry's API lives. Registries not allowed plain HTTP: always https://host/. The others
 * are probed once per client with GET /v2/ and the outcome is remembered:
 * <ul>
 * <li>loopback (localhost, 127/8, [::1]): plain HTTP first, HTTPS when that gets no answer or a
 *     400 (what TLS servers say to plain HTTP). A registry on this machine is nearly always plain
 *     HTTP, and trying TLS first would cost every {@code pull} process the JSSE start-up
 *     (measured here: ~0.3-0.8s on a busy 2-core machine) for nothing;</li>
 * <li>listed insecure registries: HTTPS first, plain HTTP when the TLS attempt fails, as Docker does.</li>
 * </ul>
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
        if (!config.allowsPlainHttp(registry)) return https(host);
        boolean loopback = RegistryHost.isLoopback(registry);
        return bases.computeIfAbsent(host, h -> loopback ? plainFirst(h) : tlsFirst(h));
    }

    private URI plainFirst(String host) {
        Integer status = probe(http(host));
        return status != null && status != 400 ? http(host) : https(host);
    }

    private URI tlsFirst(String host) {
        return probe(https(host)) != null ? https(host) : http(host);
    }

    /** The status of GET /v2/, or null when no HTTP answer came (refused, TLS failure, timeout). */
    private Integer probe(URI base) {
        HttpRequest req = HttpRequest.newBuilder(base.resolve("/v2/")).timeout(config.connectTimeout())
                .header("User-Agent", RegistryHttp.USER_AGENT).GET().build();
        try {
            HttpResponse<InputStream> r = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
            r.body().close();
            return r.statusCode();
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("interrupted while contacting registry " + base.getAuthority(), e);
        }
    }

    private static URI https(String host) {
        return URI.create("https://" + host + "/");
    }

    private static URI http(String host) {
        return URI.create("http://" + host + "/");
    }
}
