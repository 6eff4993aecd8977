package dev.minidocker.api.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.minidocker.api.model.ContainerSummary;
import dev.minidocker.engine.container.ContainerEntry;
import dev.minidocker.model.MountPoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The engine's container entries as {@code docker ps} entries (inspect is the engine's document as is). */
final class ContainerViews {
    private ContainerViews() {}

    static ContainerSummary summary(ContainerEntry c, Instant now, java.nio.file.Path volumesDir) {
        JsonNode network = c.networkSettings();
        Map<String, Object> networks = new LinkedHashMap<>();
        networks.put("Networks", network.path("Networks"));
        return new ContainerSummary(c.id(), List.of("/" + c.name()), c.imageRef() != null ? c.imageRef() : nullToEmpty(c.imageId()),
                nullToEmpty(c.imageId()), String.join(" ", c.argv()), Instant.parse(c.created()).getEpochSecond(),
                ports(network.path("Ports")), c.labels(), c.status().status(), c.status().describe(now),
                Map.of("NetworkMode", c.networkMode()), networks, mounts(c, volumesDir), null, null);
    }

    /** ps's Ports: [{"IP": "127.0.0.1", "PrivatePort": 80, "PublicPort": 8080, "Type": "tcp"}, {"PrivatePort": 443, "Type": "tcp"}]. */
    static List<Object> ports(JsonNode ports) {
        List<Object> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : ports.properties()) {
            String[] key = e.getKey().split("/");
            int privatePort = Integer.parseInt(key[0]);
            if (e.getValue() == null || e.getValue().isNull()) {
                out.add(Map.of("PrivatePort", privatePort, "Type", key[1]));
                continue;
            }
            for (JsonNode h : e.getValue()) {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("IP", h.path("HostIp").asText());
                p.put("PrivatePort", privatePort);
                p.put("PublicPort", Integer.parseInt(h.path("HostPort").asText()));
                p.put("Type", key[1]);
                out.add(p);
            }
        }
        return out;
    }

    static List<MountPoint> mounts(ContainerEntry c, java.nio.file.Path volumesDir) {
        List<MountPoint> out = new ArrayList<>();
        for (String b : c.binds()) {
            MountPoint m = MountPoint.of(b, volumesDir);
            if (m != null) out.add(m);
        }
        for (String t : c.tmpfs()) out.add(MountPoint.ofTmpfs(t));
        return out;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
