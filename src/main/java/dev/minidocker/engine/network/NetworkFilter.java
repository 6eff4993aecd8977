package dev.minidocker.engine.network;

import dev.minidocker.InvalidArgumentException;
import dev.minidocker.engine.Filters;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * What Docker's filter keys mean for a network ({@code network ls}, {@code GET /networks},
 * {@code network prune}): {@code id} a prefix, {@code name} a regular expression, {@code driver},
 * {@code type} builtin or custom, {@code scope} (always local), {@code label}, {@code until}.
 */
final class NetworkFilter {
    static final Set<String> LIST_KEYS = Set.of("id", "name", "driver", "type", "scope", "label", "label!", "dangling");
    static final Set<String> PRUNE_KEYS = Set.of("until", "label", "label!");

    private final Filters filters;
    private final Instant now = Instant.now();

    private NetworkFilter(Filters filters) {
        this.filters = filters;
    }

    static NetworkFilter forList(Filters f) {
        f.accept(LIST_KEYS);
        for (String t : f.values("type")) {
            if (!t.equals("builtin") && !t.equals("custom")) throw new InvalidArgumentException("invalid filter: 'type'='" + t + "'");
        }
        return new NetworkFilter(f);
    }

    static NetworkFilter forPrune(Filters f) {
        f.accept(PRUNE_KEYS);
        return new NetworkFilter(f);
    }

    /** {@code created} null for a predefined network never made (it has no time of its own). */
    boolean test(String id, String name, String driver, Instant created, Map<String, String> labels, boolean unused) {
        boolean builtin = NetworkService.isPredefined(name);
        return filters.any("id", id::startsWith)
                && filters.nameMatches("name", name)
                && filters.any("driver", driver::equals)
                && filters.any("type", t -> t.equals(builtin ? "builtin" : "custom"))
                && filters.any("scope", "local"::equals)
                && filters.labelsMatch(labels)
                && filters.bool("dangling").map(d -> d == unused).orElse(true)
                && (created == null || filters.createdUntil(created, now));
    }
}
