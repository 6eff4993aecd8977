package dev.minidocker.engine.events;

import dev.minidocker.state.ContainerRecord;
import dev.minidocker.state.ContainerState;
import dev.minidocker.state.ContainerStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns the container store's changes into Docker's container events: create, start (a record
 * that becomes running), die (one that stops running, with its exitCode), rename, destroy.
 * Whatever made the change (the API, a client's run, the supervisor's restarts, --rm) is seen.
 */
public final class ContainerEventPublisher implements ContainerStore.Observer {
    private final EventLog events;
    private final ContainerStore store;
    /**
     * The record of each container this daemon created, renamed or already read: a start or die
     * then parses no config.json (two per run, on the run's critical path). Labels and image never
     * change; the name changes by rename, which this observer is told of.
     */
    private final Map<String, ContainerRecord> records = new ConcurrentHashMap<>();

    public ContainerEventPublisher(EventLog events, ContainerStore store) {
        this.events = events;
        this.store = store;
    }

    @Override
    public void created(ContainerRecord record) {
        records.put(record.id(), record);
        publish(record, "create", Map.of());
    }

    @Override
    public void stateChanged(String id, ContainerState before, ContainerState after) {
        if (before.isRunning() && after.isRunning() && before.paused() != after.paused()) {
            record(id).ifPresent(r -> publish(r, after.paused() ? "pause" : "unpause", Map.of()));
            return;
        }
        if (before.isRunning() == after.isRunning()) return;
        record(id).ifPresent(r -> {
            if (after.isRunning()) publish(r, "start", Map.of());
            else publish(r, "die", Map.of("exitCode", Integer.toString(after.exitCode())));
        });
    }

    @Override
    public void renamed(ContainerRecord record, String oldName) {
        records.put(record.id(), record);
        publish(record, "rename", Map.of("oldName", "/" + oldName));
    }

    @Override
    public void removed(ContainerRecord record) {
        records.remove(record.id());
        publish(record, "destroy", Map.of());
    }

    private Optional<ContainerRecord> record(String id) {
        ContainerRecord known = records.get(id);
        if (known != null) return Optional.of(known);
        Optional<ContainerRecord> read = store.load(id);
        read.ifPresent(r -> records.put(id, r));
        return read;
    }

    /** Docker's attributes of a container event: its labels, then image and name (and the extra ones). */
    public void publish(ContainerRecord r, String action, Map<String, String> extra) {
        Map<String, String> attributes = new LinkedHashMap<>();
        if (r.config() != null) attributes.putAll(r.config().labelsOrEmpty());
        attributes.put("image", r.imageRef() != null ? r.imageRef() : r.image()); // as typed, as Docker says it
        attributes.put("name", r.name());
        attributes.putAll(extra);
        events.publish("container", action, r.id(), attributes);
    }
}
