package dev.minidocker.image.registry;

import dev.minidocker.model.RegistryCredentials;
import dev.minidocker.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers a 401's {@code WWW-Authenticate} challenges. Bearer: GET the realm with service and
 * scope (and Basic credentials when the user logged in), or, holding an identity token, POST it
 * to the realm as an OAuth2 refresh token (distribution's fetchTokenWithOAuth, client_id "docker"
 * as dockerd sends); cache the token per (registry, scope). Basic: send the stored user and
 * password. The result is an Authorization header value, or empty when there is nothing to answer
 * with (Basic challenge, no password).
 */
final class Authenticator {
    private static final ObjectMapper JSON = Json.MAPPER;
    private static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofSeconds(60);
    /** dockerd's registry.AuthClientID: the OAuth2 client the token service sees. */
    static final String CLIENT_ID = "docker";

    private final RetryingSender sender;
    private final RegistryConfig config;
    private final TokenCache cache;
    private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();

    Authenticator(RetryingSender sender, RegistryConfig config, TokenCache cache) {
        this.sender = sender;
        this.config = config;
        this.cache = cache;
    }

    Optional<String> cached(String registry, String scope) {
        return cache.get(registry, scope);
    }

    /**
     * @param credentials explicit credentials (login), or null to use the credential store
     * @param rejected    the Authorization value the registry just refused, or null
     */
    Optional<String> authorize(String registry, String scope, List<AuthChallenge> challenges, RegistryCredentials credentials,
                               String rejected) {
        // Parallel downloads all meet the same 401 at once: one of them fetches, the others reuse.
        Object lock = locks.computeIfAbsent(registry + " " + scope, k -> new Object());
        synchronized (lock) {
            Optional<String> fresh = cache.get(registry, scope);
            if (fresh.isPresent() && !fresh.get().equals(rejected)) return fresh;
            if (rejected != null) cache.remove(registry, scope);
            return authorizeNow(registry, scope, challenges, credentials);
        }
    }

    private Optional<String> authorizeNow(String registry, String scope, List<AuthChallenge> challenges,
                                          RegistryCredentials credentials) {
        Optional<RegistryCredentials> creds = credentials != null ? Optional.of(credentials) : config.credentials().lookup(registry);
        Optional<AuthChallenge> bearer = challenges.stream().filter(AuthChallenge::isBearer).findFirst();
        if (bearer.isPresent()) return Optional.of(fetchToken(registry, scope, bearer.get(), creds));
        if (challenges.stream().anyMatch(AuthChallenge::isBasic)) {
            if (creds.isEmpty() || !creds.get().hasPassword()) return Optional.empty();
            String header = creds.get().basicAuthorization();
            cache.put(registry, TokenCache.ANY_SCOPE, header, null);
            return Optional.of(header);
        }
        String offered = challenges.isEmpty() ? "none" : challenges.get(0).scheme();
        throw new AccessDeniedException("registry " + registry + " asks for an unsupported authentication scheme: " + offered);
    }

    private String fetchToken(String registry, String scope, AuthChallenge challenge, Optional<RegistryCredentials> creds) {
        String realm = challenge.param("realm");
        if (realm == null || realm.isBlank()) {
            throw new RegistryException("registry " + registry + " sent a Bearer challenge without a realm");
        }
        String service = challenge.param("service");
        String wantedScope = scope != null ? scope : challenge.param("scope");
        boolean oauth = creds.isPresent() && creds.get().hasIdentityToken();
        URI uri = oauth ? URI.create(realm) : tokenUri(realm, service, wantedScope);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(config.readTimeout())
                .header("User-Agent", RegistryHttp.USER_AGENT);
        if (oauth) {
            b.header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(refreshForm(creds.get().identityToken(), service, wantedScope)));
        } else {
            b.GET();
            creds.filter(RegistryCredentials::hasPassword).ifPresent(c -> b.header("Authorization", c.basicAuthorization()));
        }
        String method = oauth ? "POST " : "GET ";
        try (RegistryResponse r = sender.send(b.build(), registry, "token from " + uri.getHost())) {
            if (r.status() == 401 || r.status() == 403) {
                String msg = RegistryErrors.message(RegistryErrors.drain(r));
                String who = oauth ? " with its identity token"
                        : creds.filter(RegistryCredentials::hasPassword).map(c -> " for user " + c.username()).orElse("");
                throw new AccessDeniedException("authentication to registry " + registry + " failed" + who
                        + ": " + (msg != null ? msg : RegistryErrors.statusLine(r.status())));
            }
            if (!r.ok()) throw RegistryErrors.unexpected(registry, r, method + uri.getHost() + uri.getRawPath());
            JsonNode body = JSON.readTree(r.readAtMost(1 << 20));
            String token = body.path("token").asText("");
            if (token.isEmpty()) token = body.path("access_token").asText("");
            if (token.isEmpty()) throw new RegistryException("token service " + uri.getHost() + " for " + registry + " returned no token");
            long expires = body.path("expires_in").asLong(0);
            String header = "Bearer " + token;
            cache.put(registry, scope, header, expires > 0 ? Duration.ofSeconds(expires) : DEFAULT_TOKEN_LIFETIME);
            return header;
        } catch (IOException e) {
            throw new RegistryException("read token for registry " + registry + " from " + uri.getHost() + ": "
                    + RetryingSender.describe(e), e);
        }
    }

    /** The OAuth2 refresh-token grant as distribution's token handler posts it. */
    static String refreshForm(String refreshToken, String service, String scope) {
        return "grant_type=refresh_token&refresh_token=" + enc(refreshToken)
                + "&service=" + enc(service == null ? "" : service)
                + "&scope=" + enc(scope == null ? "" : scope)
                + "&client_id=" + CLIENT_ID;
    }

    /** A scope of several space-separated parts (a push that mounts) becomes one scope parameter each, as docker sends. */
    static URI tokenUri(String realm, String service, String scope) {
        StringBuilder q = new StringBuilder();
        if (service != null && !service.isEmpty()) q.append("service=").append(enc(service));
        if (scope != null && !scope.isEmpty()) {
            for (String part : scope.trim().split(" +")) q.append(q.isEmpty() ? "" : "&").append("scope=").append(enc(part));
        }
        if (q.isEmpty()) return URI.create(realm);
        return URI.create(realm + (realm.contains("?") ? "&" : "?") + q);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
