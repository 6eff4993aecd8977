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
        attributes = Map.copyOf(attributes);
    }

    public String attribute(String key) {
        return attributes.get(key);
    }
}
