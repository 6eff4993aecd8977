package dev.minidocker.engine.events;

import java.time.Instant;
import java.util.Map;

/**
 * One thing that happened in the daemon, as Docker's {@code /events} reports it: the object's
 * {@code type} (container, image, network, volume), the {@code action} (create, start, die, ...),
 * the object's id and attributes (name, image, exitCode, the object's labels), and when.
 */
public record Event(String type, String action, String actorId, Map<String, String> attributes, Instant time) {
    public Event {
        // an attribute without a value (a container run from a plain root directory has no image) is left out
        Map<String, String> kept = new java.util.LinkedHashMap<>();
        attributes.forEach((k, v) -> {
            if (k != null && v != null) kept.put(k, v);
        });
        attributes = java.util.Collections.unmodifiableMap(kept);
    }

    public String attribute(String key) {
        return attributes.get(key);
    }
}
