package dev.minidocker.engine.volume;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.minidocker.MiniDockerException;
import dev.minidocker.state.ContainerRecord;
import dev.minidocker.state.ContainerStore;
import dev.minidocker.state.VolumeRecord;
import dev.minidocker.state.VolumeStore;
import dev.minidocker.engine.Filters;
import dev.minidocker.engine.events.EventLog;
import dev.minidocker.fs.DirectorySize;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The volume verbs (create, ls, inspect, rm, prune) for the CLI and the Engine API: volumes of
 * Docker's local driver, kept in the store ({@link VolumeStore}). A volume any container uses
 * (running or not, as in Docker) cannot be removed.
 */
public final class VolumeService {
    private final VolumeStore store;
    private final ContainerStore containers;

    private final EventLog events;

    public VolumeService(Path root, ContainerStore containers) {
        this(root, containers, new EventLog(java.time.Clock.systemUTC()));
    }

    public VolumeService(Path root, ContainerStore containers, EventLog events) {
        this.store = new VolumeStore(root);
        this.containers = containers;
        this.events = events;
    }

    /** Docker's volume inspect document (also an entry of {@code GET /volumes}). */
    @com.fasterxml.jackson.annotation.JsonPropertyOrder({"CreatedAt", "Driver", "Labels", "Mountpoint", "Name", "Options", "Scope"})
    public record Volume(@JsonProperty("Name") String name, @JsonProperty("Driver") String driver,
                         @JsonProperty("Mountpoint") String mountpoint, @JsonProperty("CreatedAt") String createdAt,
                         @JsonProperty("Labels") Map<String, String> labels,
                         @JsonProperty("Options") Map<String, String> options,
                         @com.fasterxml.jackson.annotation.JsonIgnore boolean anonymous) {
        @JsonProperty("Scope")
        public String scope() {
            return "local";
        }
    }

    /** Creates (or returns the existing volume of that name, as Docker does); a null name gets a random one. */
    public Volume create(String name, String driver, Map<String, String> labels, Map<String, String> options) {
        if (driver != null && !driver.isEmpty() && !driver.equals("local")) {
            throw new MiniDockerException("error looking up volume plugin " + driver + ": plugin \"" + driver + "\" not found");
        }
        if (options != null && !options.isEmpty()) {
            throw new dev.minidocker.InvalidArgumentException("mini-docker's local volumes take no driver options: " + options.keySet());
        }
        String n = name == null || name.isEmpty() ? ContainerStore.newId() : name;
        var made = store.createIfMissing(n, labels, options, false);
        if (made.created()) events.publish("volume", "create", n, Map.of("driver", "local"));
        return view(made.volume());
    }

    public List<Volume> list() {
        List<Volume> out = new ArrayList<>();
        for (VolumeRecord r : store.list()) out.add(view(r));
        return out;
    }

    /** The keys {@link #list(Filters)} knows, as Docker's GET /volumes. */
    static final java.util.Set<String> LIST_KEYS = java.util.Set.of("name", "label", "label!", "dangling", "driver");

    /**
     * The volumes Docker's filters pass ({@code volume ls --filter}, GET /volumes): name (a
     * substring), driver, label/label!, dangling (no container uses it); another key is Docker's
     * "invalid filter".
     */
    public List<Volume> list(Filters filters) {
        filters.accept(LIST_KEYS);
        Optional<Boolean> dangling = filters.bool("dangling");
        List<Volume> out = new ArrayList<>();
        for (Volume v : list()) {
            if (!filters.any("name", v.name()::contains) || !filters.any("driver", v.driver()::equals)) continue;
            if (!filters.labelsMatch(v.labels())) continue;
            if (dangling.isPresent() && users(v.name()).isEmpty() != dangling.get()) continue;
            out.add(v);
        }
        return out;
    }

    /** "get NAME: no such volume" (a NotFoundException) when missing. */
    public Volume inspect(String name) {
        return view(store.find(name));
    }

    /**
     * Removes a volume; "volume is in use - [ids]" while a container uses it. {@code force}
     * ignores a missing volume (Docker's {@code rm -f}), not one in use.
     */
    public void remove(String name, boolean force) {
        if (store.load(name).isEmpty()) {
            if (force) return;
            store.find(name);
        }
        List<String> users = users(name);
        if (!users.isEmpty()) {
            throw new MiniDockerException("remove " + name + ": volume is in use - [" + String.join(", ", users) + "]");
        }
        if (store.delete(name)) events.publish("volume", "destroy", name, Map.of("driver", "local"));
    }

    private static final java.util.Set<String> PRUNE_KEYS = java.util.Set.of("all", "label", "label!");

    /**
     * {@code volume prune}: the unused anonymous volumes, or with {@code all} (or the filter
     * {@code all=true}) every unused one (Docker 23+); only those the {@code label}/{@code label!}
     * filters pass (engine/Filters, other keys 400). Their names and the bytes freed.
     */
    public Pruned prune(boolean all, Filters filters) {
        filters.accept(PRUNE_KEYS);
        boolean every = all || filters.bool("all").orElse(false);
        List<String> removed = new ArrayList<>();
        long bytes = 0;
        for (VolumeRecord r : store.list()) {
            if (!every && !r.anonymous()) continue;
            if (!filters.labelsMatch(r.labels()) || !users(r.name()).isEmpty()) continue;
            long size = DirectorySize.of(store.dataDir(r.name()));
            if (store.delete(r.name())) {
                events.publish("volume", "destroy", r.name(), Map.of("driver", "local"));
                removed.add(r.name());
                bytes += size;
            }
        }
        return new Pruned(removed, bytes);
    }

    public record Pruned(List<String> names, long spaceReclaimed) {}

    /** The ids of the containers (running or not) whose -v names this volume or who made it anonymous. */
    public List<String> users(String name) {
        List<String> out = new ArrayList<>();
        for (String id : containers.ids()) {
            Optional<ContainerRecord> r;
            try {
                r = containers.load(id);
            } catch (RuntimeException removedMeanwhile) {
                continue;
            }
            if (r.isEmpty() || r.get().hostConfig() == null) continue;
            ContainerRecord.HostConfig h = r.get().hostConfig();
            List<String> entries = new ArrayList<>(h.anonymousVolumesOrEmpty());
            if (h.binds() != null) entries.addAll(h.binds());
            for (String e : entries) {
                if (e.startsWith(name + ":")) {
                    out.add(id);
                    break;
                }
            }
        }
        return out;
    }

    private Volume view(VolumeRecord r) {
        return new Volume(r.name(), r.driver(), store.dataDir(r.name()).toString(), r.createdAt(),
                new LinkedHashMap<>(r.labels()), new LinkedHashMap<>(r.options()), r.anonymous());
    }
}
