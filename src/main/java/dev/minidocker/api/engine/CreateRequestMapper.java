package dev.minidocker.api.engine;

import dev.minidocker.api.ApiException;
import dev.minidocker.api.model.ContainerCreateRequest;
import dev.minidocker.engine.container.RunRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Docker's create body as the {@link RunRequest} that {@code mini-docker run} builds from flags,
 * so both go through the same planner (same validation, same messages). Docker's body holds
 * numbers where run has flag text; zero means "not set", as in Docker.
 */
final class CreateRequestMapper {
    private CreateRequestMapper() {}

    static RunRequest toRunRequest(ContainerCreateRequest c, String name, String platform) {
        if (c.image() == null || c.image().isEmpty()) throw ApiException.badRequest("config.Image is required");
        ContainerCreateRequest.HostConfig h = c.hostConfig() != null ? c.hostConfig()
                : new ContainerCreateRequest.HostConfig(null, null, null, false, false, null, null, null, null, false);
        // run takes one entrypoint executable: [a, b] + Cmd [c] is the same argv as a + [b, c].
        String entrypoint = null;
        List<String> command = new ArrayList<>(c.cmd() != null ? c.cmd() : List.of());
        if (c.entrypoint() != null) {
            List<String> ep = c.entrypoint().stream().filter(s -> !s.isEmpty()).toList();
            entrypoint = ep.isEmpty() ? "" : ep.getFirst();
            if (ep.size() > 1) command.addAll(0, ep.subList(1, ep.size()));
        }
        List<String> tmpfs = new ArrayList<>();
        if (h.tmpfs() != null) {
            for (Map.Entry<String, String> t : h.tmpfs().entrySet()) {
                tmpfs.add(t.getValue() == null || t.getValue().isEmpty() ? t.getKey() : t.getKey() + ":" + t.getValue());
            }
        }
        return new RunRequest(emptyToNull(name), h.autoRemove(), c.openStdin(), c.tty(), c.env(), List.of(),
                emptyToNull(c.workingDir()), emptyToNull(c.user()), entrypoint, emptyToNull(c.hostname()),
                network(h.networkMode()), h.binds(), tmpfs, h.readonlyRootfs(),
                h.resources().memory() > 0 ? Long.toString(h.resources().memory()) : null,
                h.resources().memorySwap() != 0 ? Long.toString(h.resources().memorySwap()) : null,
                h.resources().nanoCpus() > 0 ? Double.toString(h.resources().nanoCpus() / 1e9) : null,
                h.resources().cpuShares() > 0 ? h.resources().cpuShares() : null, emptyToNull(h.resources().cpusetCpus()),
                h.resources().pidsLimit() != null && h.resources().pidsLimit() != 0 ? h.resources().pidsLimit() : null,
                emptyToNull(platform), "never", null, c.image(), command)
                .withLifecycle(restart(h.restartPolicy()), Boolean.TRUE.equals(h.init()))
                .withPorts(publish(h.portBindings()), h.publishAllPorts());
    }

    /** PortBindings {"80/tcp": [{"HostIp": "127.0.0.1", "HostPort": "8080"}]} as run's -p values ("127.0.0.1:8080:80/tcp"). */
    static List<String> publish(Map<String, List<ContainerCreateRequest.PortBinding>> bindings) {
        List<String> out = new ArrayList<>();
        if (bindings == null) return out;
        for (Map.Entry<String, List<ContainerCreateRequest.PortBinding>> e : bindings.entrySet()) {
            List<ContainerCreateRequest.PortBinding> hosts = e.getValue() == null || e.getValue().isEmpty()
                    ? List.of(new ContainerCreateRequest.PortBinding("", "")) : e.getValue();
            for (ContainerCreateRequest.PortBinding b : hosts) {
                String ip = b.hostIp() == null ? "" : b.hostIp();
                String port = b.hostPort() == null ? "" : b.hostPort();
                out.add(ip.isEmpty() ? (port.isEmpty() ? e.getKey() : port + ":" + e.getKey()) : ip + ":" + port + ":" + e.getKey());
            }
        }
        return out;
    }

    /** The docker CLI sends "default" when --network is not given: mini-docker's default then applies. */
    private static String network(String mode) {
        return mode == null || mode.isEmpty() || mode.equals("default") ? null : mode;
    }

    /** {Name: "on-failure", MaximumRetryCount: 3} as run's --restart text "on-failure:3". */
    private static String restart(dev.minidocker.model.RestartPolicy p) {
        if (p == null || p.name() == null || p.name().isEmpty()) return null;
        return p.name().equals("on-failure") && p.maximumRetryCount() > 0 ? "on-failure:" + p.maximumRetryCount() : p.name();
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
