package dev.minidocker.image.registry;

import dev.minidocker.model.RegistryCredentials;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * GET on a registry's API with everything a registry needs: the right scheme, the auth challenge
 * flow, retries, and redirects followed by hand (at most {@link #MAX_REDIRECTS}) so that the
 * Authorization header only ever goes to the registry's own origin, never to a blob storage host
 * it redirects to.
 */
final class RegistryHttp implements AutoCloseable {
    static final int HTTP_BUFFER_SIZE = 256 * 1024;
    static final String USER_AGENT = "mini-docker/0.1 (java.net.http)";
    static final int MAX_REDIRECTS = 5;

    static {
        // java.net.http reads sockets into 16 KiB buffers and hands each to the body subscriber
        // through its selector and executor threads: for a 200 MB layer that is ~13,000 hand-offs,
        // ~0.4 s of CPU. 256 KiB buffers cut that by ~15x. Read once, when java.net.http's
        // internals first load, so it must be set before the first HttpClient is built; a value
        // given on the command line wins.
        if (System.getProperty("jdk.httpclient.bufsize") == null) {
            System.setProperty("jdk.httpclient.bufsize", Integer.toString(HTTP_BUFFER_SIZE));
        }
    }

    private final RegistryConfig config;
    private final HttpClient client;
    private final RetryingSender sender;
    private final EndpointResolver endpoints;
    private final Authenticator auth;

    RegistryHttp(RegistryConfig config) {
        this.config = config;
        // HTTP/1.1: each parallel blob download gets its own connection, and no h2c upgrade dance on plain HTTP.
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .sslContext(new LazySslContext())   // JSSE only if a registry speaks TLS
                .sslParameters(LazySslContext.parameters())
                .build();
        this.sender = new RetryingSender(client, config);
        this.endpoints = new EndpointResolver(client, config);
        this.auth = new Authenticator(sender, config, new TokenCache(Clock.systemUTC()));
    }

    /**
     * @param registry the registry as references name it
     * @param path     the API path, e.g. {@code /v2/library/busybox/manifests/latest}
     * @param scope    the token scope, e.g. {@code repository:library/busybox:pull}, or null
     * @param accept   the Accept header, or null
     * @param what     what the body is, for messages
     * @param credentials explicit credentials (login), or null for the credential store
     */
    RegistryResponse get(String registry, String path, String scope, String accept, String what, RegistryCredentials credentials) {
        URI base = endpoints.base(registry);
        URI uri = base.resolve(path);
        boolean challenged = false;
        for (int redirects = 0; ; ) {
            boolean apiOrigin = sameOrigin(uri, base);
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(config.readTimeout())
                    .header("User-Agent", USER_AGENT).GET();
            if (accept != null) b.header("Accept", accept);
            Optional<String> authorization = apiOrigin ? auth.cached(registry, scope) : Optional.empty();
            authorization.ifPresent(h -> b.header("Authorization", h));
            RegistryResponse r = sender.send(b.build(), registry, what);

            if (r.status() == 401 && apiOrigin && !challenged) {
                challenged = true;
                List<AuthChallenge> challenges = AuthChallenge.parseAll(r.headers().allValues("WWW-Authenticate"));
                byte[] errorBody = RegistryErrors.drain(r);
                if (auth.authorize(registry, scope, challenges, credentials, authorization.orElse(null)).isPresent()) continue;
                return new RegistryResponse(r.status(), r.headers(), r.uri(), new java.io.ByteArrayInputStream(errorBody));
            }
            if (isRedirect(r.status())) {
                String location = r.header("Location");
                if (location == null) return r;
                r.close();
                if (++redirects > MAX_REDIRECTS) {
                    throw new RegistryException("registry " + registry + " redirected more than " + MAX_REDIRECTS
                            + " times for " + what);
                }
                uri = uri.resolve(location);
                continue;
            }
            return r;
        }
    }

    static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /** Same scheme, host and port: the only place an Authorization header may go. */
    static boolean sameOrigin(URI a, URI b) {
        return Objects.equals(a.getScheme(), b.getScheme()) && a.getHost() != null
                && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
    }

    private static int port(URI u) {
        if (u.getPort() >= 0) return u.getPort();
        return "https".equals(u.getScheme()) ? 443 : 80;
    }

    @Override
    public void close() {
        client.shutdownNow();
    }
}
