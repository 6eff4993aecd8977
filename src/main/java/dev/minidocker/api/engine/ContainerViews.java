package dev.minidocker.api.engine;

import dev.minidocker.api.model.ContainerInspect;
import dev.minidocker.api.model.ContainerSummary;
import dev.minidocker.api.model.MountPoint;
import dev.minidocker.cli.HumanUnits;
import dev.minidocker.state.ContainerRecord;
import dev.minidocker.state.ContainerState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Container records and states turned into Docker's JSON views (ps entries and inspect). */
final class ContainerViews {
    /** Go's zero time, which Docker shows for "never started" / "never finished". */
    static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    private ContainerViews() {}

    static ContainerSummary summary(ContainerRecord c, ContainerState s, Instant now) {
        String command = String.join(" ", c.config().argv());
        return new ContainerSummary(c.id(), List.of("/" + c.name()), imageName(c), nullToEmpty(c.image()), command,
                Instant.parse(c.created()).getEpochSecond(), List.of(), Map.of(), s.status(), statusText(s, now),
                Map.of("NetworkMode", networkMode(c)), Map.of("Networks", Map.of()), mounts(c));
    }

    static ContainerInspect inspect(ContainerRecord c, ContainerState s) {
        List<String> argv = c.config().argv();
        ContainerRecord.Config k = c.config();
        ContainerInspect.State state = new ContainerInspect.State(s.status(), s.isRunning(), false, false, s.oomKilled(),
                false, s.isRunning() ? s.pid() : 0, s.exitCode(), nullToEmpty(s.error()),
                s.startedAt() != null ? s.startedAt() : ZERO_TIME, s.finishedAt() != null ? s.finishedAt() : ZERO_TIME);
        ContainerInspect.Config config = new ContainerInspect.Config(k.hostname(), nullToEmpty(k.user()),
                k.openStdin(), true, true, k.tty(), k.openStdin(), k.openStdin(), k.env(), k.cmd(), imageName(c),
                k.workingDir(), k.entrypoint() == null || k.entrypoint().isEmpty() ? null : k.entrypoint(), Map.of(), null);
        return new ContainerInspect(c.id(), c.created(), argv.isEmpty() ? "" : argv.getFirst(),
                argv.size() > 1 ? argv.subList(1, argv.size()) : List.of(), state, nullToEmpty(c.image()), "/" + c.name(), 0,
                "overlay2", "linux", hostConfig(c), mounts(c), config,
                Map.of("Networks", Map.of(networkMode(c), Map.of())));
    }

    /** Docker's HostConfig field names for what mini-docker records. */
    static Map<String, Object> hostConfig(ContainerRecord c) {
        ContainerRecord.HostConfig h = c.hostConfig();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("NetworkMode", networkMode(c));
        if (h == null) return m;
        m.put("Binds", h.binds());
        m.put("AutoRemove", h.autoRemove());
        m.put("ReadonlyRootfs", h.readonlyRootfs());
        m.put("Memory", h.memory() == null ? 0 : h.memory());
        m.put("MemorySwap", h.memorySwap() == null ? 0 : h.memorySwap());
        m.put("NanoCpus", h.cpus() == null ? 0 : Math.round(h.cpus() * 1e9));
        m.put("CpuShares", h.cpuShares() == null ? 0 : h.cpuShares());
        m.put("CpusetCpus", nullToEmpty(h.cpusetCpus()));
        m.put("PidsLimit", h.pidsLimit());
        m.put("RestartPolicy", Map.of("Name", "no", "MaximumRetryCount", 0));
        return m;
    }

    static List<MountPoint> mounts(ContainerRecord c) {
        List<MountPoint> out = new ArrayList<>();
        if (c.hostConfig() == null) return out;
        if (c.hostConfig().binds() != null) c.hostConfig().binds().forEach(b -> out.add(MountPoint.ofBind(b)));
        if (c.hostConfig().tmpfs() != null) c.hostConfig().tmpfs().forEach(t -> out.add(MountPoint.ofTmpfs(t)));
        return out;
    }

    /** "Created", "Up 3 seconds", "Exited (137) 2 seconds ago": Docker's ps STATUS column. */
    static String statusText(ContainerState s, Instant now) {
        return switch (s.status()) {
            case ContainerState.RUNNING -> "Up " + since(s.startedAt(), now);
            case ContainerState.EXITED -> "Exited (" + s.exitCode() + ") "
                    + since(s.finishedAt() != null ? s.finishedAt() : s.startedAt(), now) + " ago";
            default -> "Created";
        };
    }

    private static String since(String iso, Instant now) {
        if (iso == null) return "Less than a second";
        return HumanUnits.duration(Duration.between(Instant.parse(iso), now));
    }

    private static String imageName(ContainerRecord c) {
        return c.imageRef() != null ? c.imageRef() : nullToEmpty(c.image());
    }

    private static String networkMode(ContainerRecord c) {
        return c.hostConfig() != null && c.hostConfig().networkMode() != null ? c.hostConfig().networkMode() : "none";
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
