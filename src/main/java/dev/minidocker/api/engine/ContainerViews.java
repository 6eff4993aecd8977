package dev.minidocker.api.engine;

import dev.minidocker.api.model.ContainerSummary;
import dev.minidocker.api.model.MountPoint;
import dev.minidocker.cli.HumanUnits;
import dev.minidocker.state.ContainerRecord;
import dev.minidocker.state.ContainerState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Container records and states as {@code docker ps} entries (inspect is the lifecycle's ContainerInspection). */
final class ContainerViews {
    private ContainerViews() {}

    static ContainerSummary summary(ContainerRecord c, ContainerState s, Instant now) {
        String command = String.join(" ", c.config().argv());
        return new ContainerSummary(c.id(), List.of("/" + c.name()), imageName(c), nullToEmpty(c.image()), command,
                Instant.parse(c.created()).getEpochSecond(), List.of(), Map.of(), s.status(), statusText(s, now),
                Map.of("NetworkMode", networkMode(c)), Map.of("Networks", Map.of()), mounts(c));
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
