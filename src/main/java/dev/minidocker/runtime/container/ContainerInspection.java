package dev.minidocker.runtime.container;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.minidocker.json.Json;
import dev.minidocker.model.Healthcheck;
import dev.minidocker.model.MountPoint;
import dev.minidocker.model.Resources;
import dev.minidocker.model.Security;
import dev.minidocker.model.RestartPolicy;
import dev.minidocker.network.ContainerNetworking;
import dev.minidocker.network.Endpoint;
import dev.minidocker.state.ContainerHealth;
import dev.minidocker.state.ContainerRecord;
import dev.minidocker.state.ContainerState;
import dev.minidocker.state.ContainerStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code inspect}: one container in the shape of Docker's {@code GET /containers/{id}/json}
 * (the fields mini-docker has). Serve it as is from the Engine API; the CLI prints a list of them.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ContainerInspection(
        @JsonProperty("Id") String id,
        @JsonProperty("Created") String created,
        @JsonProperty("Path") String path,
        @JsonProperty("Args") List<String> args,
        @JsonProperty("State") State state,
        @JsonProperty("Image") String image,
        @JsonProperty("ResolvConfPath") String resolvConfPath,
        @JsonProperty("HostnamePath") String hostnamePath,
        @JsonProperty("HostsPath") String hostsPath,
        @JsonProperty("LogPath") String logPath,
        @JsonProperty("Name") String name,
        @JsonProperty("RestartCount") int restartCount,
        @JsonProperty("Driver") String driver,
        @JsonProperty("Platform") String platform,
        @JsonProperty("HostConfig") HostConfig hostConfig,
        @JsonProperty("Mounts") List<MountPoint> mounts,
        @JsonProperty("Config") Config config,
        @JsonProperty("NetworkSettings") NetworkSettings networkSettings) {

    /** Docker's zero time, shown for times that never happened. */
    public static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    public record State(
            @JsonProperty("Status") String status,
            @JsonProperty("Running") boolean running,
            @JsonProperty("Paused") boolean paused,
            @JsonProperty("Restarting") boolean restarting,
            @JsonProperty("OOMKilled") boolean oomKilled,
            @JsonProperty("Dead") boolean dead,
            @JsonProperty("Pid") long pid,
            @JsonProperty("ExitCode") int exitCode,
            @JsonProperty("Error") String error,
            @JsonProperty("StartedAt") String startedAt,
            @JsonProperty("FinishedAt") String finishedAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("Health") ContainerHealth health) {}

    public record HostConfig(
            @JsonProperty("Binds") List<String> binds,
            @JsonProperty("NetworkMode") String networkMode,
            @JsonProperty("RestartPolicy") RestartPolicy restartPolicy,
            @JsonProperty("AutoRemove") boolean autoRemove,
            @JsonProperty("ReadonlyRootfs") boolean readonlyRootfs,
            @JsonProperty("Tmpfs") Map<String, String> tmpfs,
            @JsonProperty("Init") boolean init,
            @JsonUnwrapped Resources resources,
            @JsonProperty("LogConfig") Map<String, Object> logConfig,
            @JsonProperty("PortBindings") Map<String, List<NetworkSettings.HostPort>> portBindings,
            @JsonUnwrapped Security security) {}


    public record Config(
            @JsonProperty("Hostname") String hostname,
            @JsonProperty("User") String user,
            @JsonProperty("Tty") boolean tty,
            @JsonProperty("OpenStdin") boolean openStdin,
            @JsonProperty("Env") List<String> env,
            @JsonProperty("Cmd") List<String> cmd,
            @JsonProperty("Image") String image,
            @JsonProperty("WorkingDir") String workingDir,
            @JsonProperty("Entrypoint") List<String> entrypoint,
            @JsonProperty("StopSignal") String stopSignal,
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("ExposedPorts") Map<String, Map<String, Object>> exposedPorts,
            @JsonProperty("Labels") Map<String, String> labels,
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("Healthcheck") Healthcheck healthcheck,
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("StopTimeout") Integer stopTimeout) {}

    /** The inspection of a record and its (effective) state; {@code containerDir} holds its files. */
    public static ContainerInspection of(ContainerRecord r, ContainerState stored, Path containerDir) {
        ContainerState s = Liveness.effective(stored);
        List<String> argv = r.config().argv();
        boolean running = s.isRunning();
        boolean paused = running && s.paused();
        State state = new State(paused ? "paused" : s.status(), running, paused, false, s.oomKilled(), false, running ? s.pid() : 0,
                s.exitCode(), s.error() == null ? "" : s.error(), orZero(s.startedAt()), orZero(s.finishedAt()),
                r.config().healthcheck() == null ? null : health(containerDir));
        ContainerRecord.HostConfig h = r.hostConfig();
        RestartPolicy policy = h.restartPolicy() != null ? h.restartPolicy()
                : RestartPolicy.NONE;
        Map<String, String> tmpfs = new java.util.LinkedHashMap<>();
        if (h.tmpfs() != null) {
            for (String t : h.tmpfs()) {
                int colon = t.indexOf(':');
                tmpfs.put(colon < 0 ? t : t.substring(0, colon), colon < 0 ? "" : t.substring(colon + 1));
            }
        }
        HostConfig host = new HostConfig(h.binds() == null ? List.of() : h.binds(), h.networkMode(), policy,
                h.autoRemove(), h.readonlyRootfs(), tmpfs, h.init(),
                h.resources().shmSize() > 0 ? h.resources() : h.resources().withShmSize(Resources.DEFAULT_SHM_SIZE),
                Map.of("Type", h.logConfigOrDefault().type(), "Config", h.logConfigOrDefault().config()),
                NetworkSettings.portBindings(h.portBindings()), h.security());
        List<MountPoint> mounts = new ArrayList<>();
        List<String> volumeEntries = new ArrayList<>(h.binds() == null ? List.of() : h.binds());
        volumeEntries.addAll(h.anonymousVolumesOrEmpty());
        Path volumesDir = containerDir.getParent().getParent().resolve("volumes");
        for (String b : volumeEntries) {
            MountPoint m = MountPoint.of(b, volumesDir); // recorded as typed; one that cannot be parsed never started
            if (m != null) mounts.add(m);
        }
        for (Map.Entry<String, String> t : tmpfs.entrySet()) mounts.add(MountPoint.ofTmpfs(t.getKey(), t.getValue()));
        ContainerRecord.Config c = r.config();
        Config config = new Config(c.hostname(), c.user() == null ? "" : c.user(), c.tty(), c.openStdin(), c.env(),
                c.cmd(), r.imageRef(), c.workingDir(), c.entrypoint(), c.stopSignal(), exposed(c.exposedPorts()), c.labelsOrEmpty(),
                c.healthcheck(), c.stopTimeout());
        NetworkSettings network = NetworkSettings.of(h.networkMode(), running ? endpoint(containerDir) : null,
                c.exposedPorts(), running ? s.pid() : 0, NetworkSettings.aliases(h.networkMode(), r.id(), h.networkAliasesOrEmpty()));
        return new ContainerInspection(r.id(), r.created(), argv.isEmpty() ? "" : argv.getFirst(),
                argv.isEmpty() ? List.of() : argv.subList(1, argv.size()), state,
                r.image() != null ? r.image() : "", file(containerDir, "resolv.conf"), file(containerDir, "hostname"),
                file(containerDir, "hosts"), LogEntry.fileOf(containerDir).toString(), "/" + r.name(),
                s.restartCount(), r.hostConfig().rootfs() != null ? "rootfs" : "overlay2", "linux", host, mounts, config,
                network);
    }

    /** What its health checks left ({@code health.json}), or null before the first start with checks. */
    private static ContainerHealth health(Path containerDir) {
        try {
            Path file = containerDir.resolve(ContainerStore.HEALTH_FILE);
            return Files.exists(file) ? Json.MAPPER.readValue(file.toFile(), ContainerHealth.class) : null;
        } catch (java.io.IOException | RuntimeException unreadable) {
            return null; // written atomically: only a vanished directory gets here
        }
    }

    /** The container's place on its bridge network ({@code network.json}), kept while it runs. */
    private static Endpoint endpoint(Path containerDir) {
        try {
            return ContainerNetworking.endpointIn(containerDir).orElse(null);
        } catch (RuntimeException unreadable) {
            return null; // a torn file cannot happen (atomic writes); a vanished directory can
        }
    }

    private static Map<String, Map<String, Object>> exposed(List<String> ports) {
        if (ports == null || ports.isEmpty()) return null;
        Map<String, Map<String, Object>> out = new java.util.LinkedHashMap<>();
        for (String p : ports) out.put(p, Map.of());
        return out;
    }

    private static String file(Path dir, String name) {
        Path p = dir.resolve(name);
        return java.nio.file.Files.exists(p) ? p.toString() : "";
    }

    private static String orZero(String time) {
        return time == null ? ZERO_TIME : time;
    }
}
