package dev.minidocker.api.engine;

import dev.minidocker.api.model.ContainerSummary;
import dev.minidocker.api.model.MountPoint;
import dev.minidocker.cli.HumanUnits;
import dev.minidocker.network.Endpoint;
import dev.minidocker.runtime.container.NetworkSettings;
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

    /** {@code endpoint}: the container's place on its bridge network while it runs there, else null. */
    static ContainerSummary summary(ContainerRecord c, ContainerState s, Instant now, Endpoint endpoint) {
        String command = String.join(" ", c.config().argv());
        NetworkSettings network = NetworkSettings.of(networkMode(c), endpoint, c.config().exposedPorts(), 0);
        return new ContainerSummary(c.id(), List.of("/" + c.name()), imageName(c), nullToEmpty(c.image()), command,
                Instant.parse(c.created()).getEpochSecond(), ports(network.ports()), Map.of(), s.status(),
                statusText(s, now), Map.of("NetworkMode", networkMode(c)), Map.of("Networks", network.networks()),
                mounts(c));
    }

    /** ps's Ports: [{"IP": "127.0.0.1", "PrivatePort": 80, "PublicPort": 8080, "Type": "tcp"}, {"PrivatePort": 443, "Type": "tcp"}]. */
    static List<Object> ports(Map<String, List<NetworkSettings.HostPort>> ports) {
        List<Object> out = new ArrayList<>();
        for (Map.Entry<String, List<NetworkSettings.HostPort>> e : ports.entrySet()) {
            String[] key = e.getKey().split("/");
            int privatePort = Integer.parseInt(key[0]);
            if (e.getValue() == null) {
                out.add(Map.of("PrivatePort", privatePort, "Type", key[1]));
                continue;
            }
            for (NetworkSettings.HostPort h : e.getValue()) {
                Map<String, Object> p = new java.util.LinkedHashMap<>();
                p.put("IP", h.hostIp());
                p.put("PrivatePort", privatePort);
                p.put("PublicPort", Integer.parseInt(h.hostPort()));
                p.put("Type", key[1]);
                out.add(p);
            }
        }
        return out;
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
