package dev.minidocker.engine.container;

import com.fasterxml.jackson.databind.JsonNode;
import dev.minidocker.MiniDockerException;
import dev.minidocker.json.Json;
import dev.minidocker.model.PortBinding;
import dev.minidocker.network.ContainerNetworking;
import dev.minidocker.network.Endpoint;
import dev.minidocker.runtime.container.ContainerInspection;
import dev.minidocker.runtime.container.ContainerStats;
import dev.minidocker.runtime.container.ContainerTop;
import dev.minidocker.runtime.container.Liveness;
import dev.minidocker.runtime.container.LogEntry;
import dev.minidocker.runtime.container.LogReader;
import dev.minidocker.runtime.container.NetworkSettings;
import dev.minidocker.runtime.supervisor.Supervisor;
import dev.minidocker.state.ContainerRecord;
import dev.minidocker.state.ContainerHealth;
import dev.minidocker.state.ContainerState;
import dev.minidocker.state.ContainerStore;
import dev.minidocker.state.NoSuchContainerException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** The read-only container verbs: ps, inspect, port, logs, stats, top. */
final class ContainerQueries {
    private final ContainerStore store;
    private final Path root;
    /** The daemon's; null in the CLI. */
    private final Supervisor supervisor;
    private ContainerStats stats;

    ContainerQueries(ContainerStore store, Path root, Supervisor supervisor) {
        this.store = store;
        this.root = root;
        this.supervisor = supervisor;
    }

    String resolve(String nameOrId) {
        return store.resolve(nameOrId);
    }

    /**
     * The state as callers should see it. A container the supervisor watches is as recorded: the
     * supervisor records its end moments after it happens. A "running" record nobody watches whose
     * init is gone (or whose pid now belongs to another process) is reported exited. Empty when
     * the container is gone.
     */
    Optional<ContainerStatus> status(String id) {
        return effective(id).map(s -> ContainerStatus.of(s, null)); // health is for ps's lines (list), not asked here
    }

    Optional<ContainerState> effective(String id) {
        return store.state(id).map(s -> supervisor != null && supervisor.isMonitoring(id) ? s : Liveness.effective(s));
    }

    /** Every container, newest first; {@code networkSettings}: with Docker's NetworkSettings (the API's list). */
    List<ContainerEntry> list(boolean networkSettings) {
        List<ContainerEntry> out = new ArrayList<>();
        for (String id : store.ids()) {
            Optional<ContainerRecord> record = store.load(id);
            Optional<ContainerState> state = effective(id);
            if (record.isEmpty() || state.isEmpty()) continue; // removed while we listed
            out.add(entry(record.get(), state.get(), networkSettings));
        }
        out.sort(Comparator.comparing((ContainerEntry e) -> Instant.parse(e.created())).reversed());
        return out;
    }

    /** One container as list shows it, or empty when it is gone. */
    Optional<ContainerEntry> entry(String id) {
        Optional<ContainerRecord> record = store.load(id);
        Optional<ContainerState> state = effective(id);
        return record.isEmpty() || state.isEmpty() ? Optional.empty() : Optional.of(entry(record.get(), state.get(), false));
    }

    private ContainerEntry entry(ContainerRecord c, ContainerState s, boolean withNetworkSettings) {
        Endpoint endpoint = s.isRunning() ? endpointOf(c.id()) : null;
        ContainerRecord.HostConfig h = c.hostConfig();
        String networkMode = h != null && h.networkMode() != null ? h.networkMode() : "none";
        List<String> exposed = c.config().exposedPorts();
        JsonNode settings = withNetworkSettings
                ? Json.MAPPER.valueToTree(NetworkSettings.of(networkMode, endpoint, exposed, 0,
                        NetworkSettings.aliases(networkMode, c.id(), h == null ? List.of() : h.networkAliasesOrEmpty()))) : null;
        return new ContainerEntry(c.id(), c.name(), c.image(), c.imageRef(), c.config().argv(), c.created(),
                ContainerStatus.of(s, health(c, s)), networkMode, volumeEntries(h),
                h == null || h.tmpfs() == null ? List.of() : h.tmpfs(), exposed == null ? List.of() : exposed,
                endpoint == null ? List.of() : endpoint.ports(), settings, c.config().labelsOrEmpty());
    }

    /**
     * Its health checks' status while it runs with checks, else null. Only a daemon runs checks, and
     * its monitor writes health.json as the container starts: a foreground run in a CLI's own process
     * has none, and shows no health rather than "starting" forever.
     */
    private String health(ContainerRecord c, ContainerState s) {
        if (!s.isRunning() || c.config().healthcheck() == null || c.config().healthcheck().probe().isEmpty()) return null;
        return store.health(c.id()).map(ContainerHealth::status).orElse(null);
    }

    /** -v values as typed, then the anonymous volumes as "NAME:/path". */
    private static List<String> volumeEntries(ContainerRecord.HostConfig h) {
        List<String> out = new ArrayList<>();
        if (h == null) return out;
        if (h.binds() != null) out.addAll(h.binds());
        out.addAll(h.anonymousVolumesOrEmpty());
        return out;
    }

    private Endpoint endpointOf(String id) {
        try {
            return ContainerNetworking.endpointIn(store.containerDir(id)).orElse(null);
        } catch (RuntimeException unreadable) {
            return null; // removed while we listed
        }
    }

    /** Docker's inspect document of one container. */
    JsonNode inspect(String nameOrId) {
        String id = store.resolve(nameOrId);
        ContainerRecord record = store.load(id).orElseThrow(() -> new NoSuchContainerException(id));
        ContainerState state = effective(id).orElseThrow(() -> new NoSuchContainerException(id));
        return Json.MAPPER.valueToTree(ContainerInspection.of(record, state, store.containerDir(id)));
    }

    /** The ports a running container publishes (none when it is not running on a bridge). */
    List<PortBinding> ports(String nameOrId) {
        String id = store.resolve(nameOrId);
        return new ContainerNetworking(root, store).endpoint(id).map(Endpoint::ports).orElse(List.of());
    }

    /** Its log from {@code tail} lines before the end (-1: all), following it while it runs if asked. */
    void logs(String id, int tail, boolean follow, Consumer<LogLine> sink) {
        BooleanSupplier running = new BooleanSupplier() {
            @Override
            public boolean getAsBoolean() {
                return effective(id).map(ContainerState::isRunning).orElse(false);
            }
        };
        new LogReader(store).read(id, tail, follow, running, new Consumer<LogEntry>() {
            @Override
            public void accept(LogEntry e) {
                sink.accept(new LogLine(e.log(), e.isStderr(), e.time()));
            }
        });
    }

    /** A follower of its log file, for attach (the file is made if the container has not started yet). */
    LogFollower follow(String id, boolean fromStart) throws java.io.IOException {
        return new LogFollower(store.containerDir(id), fromStart);
    }

    /** A sample of a running container's counters; empty when it is not running. */
    synchronized Optional<StatsSample> sample(String id) {
        Optional<ContainerState> state = store.state(id);
        if (state.isEmpty() || !Liveness.isRunning(state.get())) return Optional.empty();
        if (stats == null) stats = new ContainerStats();
        return stats.sample(id, state.get().pid()).map(s -> new StatsSample(s.cgroupStats().cpuUsageNanos(),
                s.cgroupStats().memoryUsageBytes(), s.memoryLimit(), s.cgroupStats().pidsCurrent(), s.rxBytes(),
                s.txBytes(), s.nanoTime()));
    }

    /** Its processes as {@code ps -ef} shows them: the header row first. */
    List<List<String>> top(String nameOrId, List<String> psArgs) {
        String id = store.resolve(nameOrId);
        if (!store.state(id).map(Liveness::isRunning).orElse(false)) {
            throw new MiniDockerException("Container " + id + " is not running");
        }
        if (!psArgs.isEmpty()) return ContainerTop.listWithPs(id, psArgs);
        List<List<String>> rows = new ArrayList<>();
        rows.add(ContainerTop.HEADER);
        rows.addAll(ContainerTop.list(id));
        return rows;
    }

    Optional<String> nameOf(String id) {
        return store.load(id).map(ContainerRecord::name);
    }

    List<String> ids() {
        return store.ids();
    }
}
