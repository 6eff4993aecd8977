package dev.minidocker.image.registry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Authorization header values per (registry, scope), shared by parallel downloads. Bearer tokens
 * expire ({@code expires_in}, 60s when the server does not say); Basic credentials apply to the
 * whole registry and do not expire.
 */
final class TokenCache {
    /** The scope under which registry-wide (Basic) authorization is kept. */
    static final String ANY_SCOPE = "*";
    /** Tokens are dropped this long before they expire, so a request never races the expiry. */
    private static final Duration MARGIN = Duration.ofSeconds(10);

    private record Key(String registry, String scope) {}

    private record Entry(String authorization, Instant expires) {}

    private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock;

    TokenCache(Clock clock) {
        this.clock = clock;
    }

    /** A valid header for this scope, or a registry-wide one. */
    Optional<String> get(String registry, String scope) {
        Optional<String> exact = valid(new Key(registry, scopeKey(scope)));
        return exact.isPresent() ? exact : valid(new Key(registry, ANY_SCOPE));
    }

    void put(String registry, String scope, String authorization, Duration lifetime) {
        Instant expires = lifetime == null ? Instant.MAX : clock.instant().plus(lifetime).minus(MARGIN);
        entries.put(new Key(registry, scopeKey(scope)), new Entry(authorization, expires));
    }

    void remove(String registry, String scope) {
        entries.remove(new Key(registry, scopeKey(scope)));
    }

    private Optional<String> valid(Key key) {
        Entry e = entries.get(key);
        if (e == null) return Optional.empty();
        if (clock.instant().isAfter(e.expires())) {
            entries.remove(key, e);
            return Optional.empty();
        }
        return Optional.of(e.authorization());
    }

    private static String scopeKey(String scope) {
        return scope == null ? "" : scope;
    }
}
