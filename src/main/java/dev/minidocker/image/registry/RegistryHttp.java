package dev.minidocker.image.registry;

import dev.minidocker.model.RegistryCredentials;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
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

    /**
     * One request of a push (HEAD, POST, PATCH, PUT) with the same auth flow as {@link #get}: the
     * cached Authorization for {@code scope}, and on a 401 the challenge answered and the request
     * sent once more with a fresh body. Redirects are not followed (a push talks to the API only).
     *
     * @param target  a path ({@code /v2/...}) or an upload Location, resolved against the API base
     * @param body    makes the body for each attempt (null: none)
     * @param retries whether to retry connection errors and 5xx (not for bodies a registry may have half taken)
     */
    RegistryResponse send(String registry, String method, String target, String scope, Map<String, String> headers,
                          Supplier<HttpRequest.BodyPublisher> body, String what, boolean retries) {
        URI base = endpoints.base(registry);
        URI uri = base.resolve(target);
        boolean apiOrigin = sameOrigin(uri, base);
        Optional<String> authorization = apiOrigin ? auth.cached(registry, scope) : Optional.empty();
        for (int attempt = 0; ; attempt++) {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(config.readTimeout())
                    .header("User-Agent", USER_AGENT)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : body.get());
            headers.forEach(b::header);
            authorization.ifPresent(h -> b.header("Authorization", h));
            RegistryResponse r = sender.send(b.build(), registry, what, retries ? config.maxRetries() + 1 : 1);
            if (r.status() != 401 || !apiOrigin || attempt > 0) return r;
            List<AuthChallenge> challenges = AuthChallenge.parseAll(r.headers().allValues("WWW-Authenticate"));
            byte[] errorBody = RegistryErrors.drain(r);
            authorization = auth.authorize(registry, scope, challenges, null, authorization.orElse(null));
            if (authorization.isEmpty()) {
                return new RegistryResponse(r.status(), r.headers(), r.uri(), new java.io.ByteArrayInputStream(errorBody));
            }
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
