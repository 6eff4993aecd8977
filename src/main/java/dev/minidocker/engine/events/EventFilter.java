package dev.minidocker.engine.events;

import dev.minidocker.engine.Filters;
import java.util.Set;

/**
 * Docker's {@code /events} filters: {@code type}, {@code event} (the action), {@code container},
 * {@code image}, {@code network}, {@code volume} (an id, id prefix or name), {@code label} and
 * {@code label!} (on the attributes, where Docker puts an object's labels), {@code scope}.
 * Other keys Docker knows (swarm's) are accepted and match nothing of ours.
 */
public final class EventFilter {
    private static final Set<String> KEYS = Set.of("config", "container", "daemon", "event", "image", "label",
            "label!", "network", "node", "plugin", "scope", "secret", "service", "type", "volume");
    private static final Set<String> SWARM = Set.of("config", "node", "plugin", "secret", "service");
    private final Filters filters;

    public EventFilter(Filters filters) {
        this.filters = filters.accept(KEYS);
    }

    public boolean test(Event e) {
        for (String key : SWARM) if (filters.has(key)) return false;
        return filters.any("type", e.type()::equals)
                && filters.any("event", v -> e.action().equals(v) || e.action().startsWith(v + ":"))
                && filters.any("scope", "local"::equals)
                && objectMatches("container", e) && objectMatches("network", e) && objectMatches("volume", e)
                && filters.any("image", v -> v.equals(e.attribute("image")) || names(v, "image", e))
                && filters.labelsMatch(e.attributes());
    }

    /** {@code container=x}: only container events, of the container with that id (prefix) or name. */
    private boolean objectMatches(String type, Event e) {
        if (!filters.has(type)) return true;
        return filters.any(type, v -> names(v, type, e));
    }

    private static boolean names(String v, String type, Event e) {
        if (!e.type().equals(type)) return false;
        return e.actorId().startsWith(v) || v.equals(e.attribute("name"));
    }
}
