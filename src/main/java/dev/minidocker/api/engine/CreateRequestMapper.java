package dev.minidocker.api.engine;

import dev.minidocker.api.ApiException;
import dev.minidocker.api.model.ContainerCreateRequest;
import dev.minidocker.engine.container.RunRequest;
import dev.minidocker.engine.image.PullPolicy;
import dev.minidocker.model.PortSpec;
import dev.minidocker.model.RestartPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Docker's create body as the engine's typed {@link RunRequest}: the same request {@code run}'s
 * flags make, validated by the same planner (same messages). The resources are Docker's own type
 * already; ports and restart policy are parsed by the domain types that parse the flags. Zero,
 * empty and "default" mean "not set", as in Docker. Docker's create never pulls (the client pulls
 * on a 404 and retries), and the client already expanded {@code -e NAME} from its own environment.
 */
final class CreateRequestMapper {
    private CreateRequestMapper() {}

    static RunRequest toRunRequest(ContainerCreateRequest c, String name, String platform) {
        if (c.image() == null || c.image().isEmpty()) throw ApiException.badRequest("config.Image is required");
        ContainerCreateRequest.HostConfig h = c.hostConfig() != null ? c.hostConfig()
                : new ContainerCreateRequest.HostConfig(null, null, null, false, false, null, null, null, null, false);
        RunRequest.Builder b = new RunRequest.Builder()
                .name(emptyToNull(name)).image(c.image()).command(c.cmd() != null ? c.cmd() : List.of())
                .workdir(emptyToNull(c.workingDir())).user(emptyToNull(c.user())).hostname(emptyToNull(c.hostname()))
                .interactive(c.openStdin()).tty(c.tty()).network(network(h.networkMode()))
                .readOnly(h.readonlyRootfs()).autoRemove(h.autoRemove()).init(Boolean.TRUE.equals(h.init()))
                .restart(h.restartPolicy() == null ? RestartPolicy.NONE
                        : RestartPolicy.of(h.restartPolicy().name(), h.restartPolicy().maximumRetryCount()))
                .resources(h.resources()).security(h.security()).publishAll(h.publishAllPorts())
                .platform(emptyToNull(platform)).pull(PullPolicy.NEVER);
        if (c.entrypoint() != null) {
            List<String> ep = new ArrayList<>();
            for (String s : c.entrypoint()) if (!s.isEmpty()) ep.add(s);
            b.entrypoint(ep);
        }
        if (c.env() != null) c.env().forEach(b::env);
        if (c.labels() != null) b.labels(c.labels());
        if (c.healthcheck() != null) b.healthcheck(c.healthcheck()); // checked by the planner, as the CLI's
        b.stopSignal(c.stopSignal()).stopTimeout(c.stopTimeout());
        if (h.logConfig() != null) b.logConfig(h.logConfig());
        if (h.binds() != null) h.binds().forEach(b::volume);
        if (c.volumes() != null) {
            // the docker CLI sends a bare -v /path here (an anonymous volume), unless a bind or volume names that path
            for (String path : c.volumes().keySet()) if (!mentioned(h, path)) b.volume(path);
        }
        if (h.mounts() != null) for (ContainerCreateRequest.Mount m : h.mounts()) mount(b, m);
        if (h.extraHosts() != null) h.extraHosts().forEach(b::addHost);
        if (h.volumesFrom() != null) h.volumesFrom().forEach(b::volumesFrom);
        if (h.dns() != null) h.dns().forEach(b::dns);
        if (h.dnsSearch() != null) h.dnsSearch().forEach(b::dnsSearch);
        if (h.dnsOptions() != null) h.dnsOptions().forEach(b::dnsOption);
        if (c.networkingConfig() != null && c.networkingConfig().endpointsConfig() != null) {
            for (Map.Entry<String, ContainerCreateRequest.EndpointConfig> e : c.networkingConfig().endpointsConfig().entrySet()) {
                if (network(h.networkMode()) == null) b.network(e.getKey());
                if (e.getValue() != null && e.getValue().aliases() != null) e.getValue().aliases().forEach(b::networkAlias);
                if (e.getValue() != null && e.getValue().ipamConfig() != null && e.getValue().ipamConfig().get("IPv4Address") instanceof String ip) {
                    b.ip(ip);
                }
            }
        }
        if (h.tmpfs() != null) {
            for (Map.Entry<String, String> t : h.tmpfs().entrySet()) b.tmpfs(t.getKey(), t.getValue() == null ? "" : t.getValue());
        }
        List<PortSpec> bound = ports(h.portBindings());
        for (PortSpec p : bound) b.publish(p);
        // The body's ExposedPorts (docker's --expose, Compose's expose:, Testcontainers' withExposedPorts): the
        // container's Config.ExposedPorts, which -P publishes with the image's
        if (c.exposedPorts() != null) c.exposedPorts().keySet().forEach(b::expose);
        return b.build();
    }

    private static boolean mentioned(ContainerCreateRequest.HostConfig h, String path) {
        if (h.binds() != null) {
            for (String bind : h.binds()) {
                String[] p = bind.split(":", -1);
                if (p.length >= 2 && p[1].equals(path)) return true;
            }
        }
        if (h.mounts() != null) for (ContainerCreateRequest.Mount m : h.mounts()) if (path.equals(m.target())) return true;
        return false;
    }

    /** A HostConfig.Mounts entry as the -v/--tmpfs text the planner reads (the same checks and messages). */
    private static void mount(RunRequest.Builder b, ContainerCreateRequest.Mount m) {
        String type = m.type() == null ? "" : m.type();
        String target = m.target() == null ? "" : m.target();
        String source = m.source() == null ? "" : m.source();
        String mode = m.readOnly() ? ":ro" : "";
        switch (type) {
            case "bind" -> b.volume(source + ":" + target + mode);
            case "volume" -> b.volume(source.isEmpty() ? target : source + ":" + target + mode);
            case "tmpfs" -> {
                Object size = m.tmpfsOptions() == null ? null : m.tmpfsOptions().get("SizeBytes");
                b.tmpfs(target, size == null ? "" : "size=" + size);
            }
            default -> throw ApiException.badRequest("mount type unknown: \"" + type + "\"");
        }
    }

    /** PortBindings {"80/tcp": [{"HostIp": "127.0.0.1", "HostPort": "8080"}]}, each binding a port spec. */
    static List<PortSpec> ports(Map<String, List<ContainerCreateRequest.PortBinding>> bindings) {
        List<PortSpec> out = new ArrayList<>();
        if (bindings == null) return out;
        for (Map.Entry<String, List<ContainerCreateRequest.PortBinding>> e : bindings.entrySet()) {
            List<ContainerCreateRequest.PortBinding> hosts = e.getValue() == null || e.getValue().isEmpty()
                    ? List.of(new ContainerCreateRequest.PortBinding("", "")) : e.getValue();
            for (ContainerCreateRequest.PortBinding b : hosts) {
                out.add(PortSpec.of(b.hostIp() == null ? "" : b.hostIp(), b.hostPort() == null ? "" : b.hostPort(), e.getKey()));
            }
        }
        return out;
    }

    /** The docker CLI sends "default" when --network is not given: mini-docker's default then applies. */
    private static String network(String mode) {
        return mode == null || mode.isEmpty() || mode.equals("default") ? null : mode;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
