package dev.minidocker.engine.container;

import dev.minidocker.MiniDockerException;
import dev.minidocker.engine.image.ImageResolver;
import dev.minidocker.engine.image.ResolvedImage;
import dev.minidocker.image.ImageConfig;
import dev.minidocker.model.EnvironmentParser;
import dev.minidocker.model.HostConfig;
import dev.minidocker.model.PortSpec;
import dev.minidocker.model.Resources;
import dev.minidocker.model.RestartPolicy;
import dev.minidocker.network.HostAddresses;
import dev.minidocker.network.NetworkStore;
import dev.minidocker.runtime.container.RunPlan;
import dev.minidocker.runtime.host.BridgeNetworkSetup;
import dev.minidocker.runtime.spec.ContainerSpec;
import dev.minidocker.state.ContainerRecord;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Turns a {@link RunRequest} and the image's config into a {@link RunPlan}, with Docker's merge
 * rules: the one place a run is validated, whether it came from flags or the Engine API. Everything
 * is checked before the image is resolved, so a typo never triggers a pull.
 *
 * @param hostEnv       the environment -e K and bare env-file keys read from (the caller's)
 * @param availableCpus the upper bound for --cpus
 * @param hostHostname  the hostname --network host containers get by default
 */
public record RunPlanner(ImageResolver images, Map<String, String> hostEnv, int availableCpus, String hostHostname) {

    public RunPlan plan(RunRequest r, String id, PrintStream progress) {
        HostConfig h = r.host();
        String network = network(h.networkMode());
        List<PortSpec> ports = new ArrayList<>();
        for (PortSpec p : h.portBindings()) ports.add(HostAddresses.requireLocal(p));
        if ((!ports.isEmpty() || h.publishAllPorts()) && !BridgeNetworkSetup.isBridged(network)) {
            throw new MiniDockerException("published ports need a bridge network, not --network " + network);
        }
        h.resources().validate(availableCpus);
        Resources limits = h.resources().normalized();
        List<ContainerSpec.Mount> mounts = new ArrayList<>();
        for (String v : h.binds()) mounts.add(MountParser.bind(v));
        List<String> tmpfs = new ArrayList<>();
        for (Map.Entry<String, String> t : h.tmpfs().entrySet()) {
            String spec = t.getValue().isEmpty() ? t.getKey() : t.getKey() + ":" + t.getValue();
            mounts.add(MountParser.tmpfs(spec));
            tmpfs.add(spec);
        }
        if (r.workdir() != null && !r.workdir().isEmpty() && !r.workdir().startsWith("/")) {
            throw new MiniDockerException("the working directory '" + r.workdir()
                    + "' is invalid, it needs to be an absolute path");
        }
        List<String> userEnv = new ArrayList<>();
        for (Path f : r.envFiles()) userEnv.addAll(EnvironmentParser.fromFile(f, hostEnv));
        userEnv.addAll(EnvironmentParser.fromFlag(r.env(), hostEnv));
        RestartPolicy restart = h.restartPolicy();
        if (h.autoRemove() && !restart.isNone()) throw new MiniDockerException("Conflicting options: --restart and --rm");

        String imageId = null;
        String imageRef;
        String plainRootfs = null;
        List<String> lowerDirs = new ArrayList<>();
        ImageConfig.Config image = null;
        if (r.rootfs() != null) {
            Path dir = r.rootfs().toAbsolutePath().normalize();
            if (!Files.isDirectory(dir)) throw new MiniDockerException("rootfs " + dir + " is not a directory");
            plainRootfs = dir.toString();
            imageRef = plainRootfs;
        } else {
            if (r.image() == null || r.image().isEmpty()) {
                throw new MiniDockerException("\"run\" requires at least 1 argument: an image or -r ROOTFS");
            }
            ResolvedImage resolved = images.resolve(r.image(), r.pull(), r.platform(), progress);
            imageId = resolved.imageId();
            imageRef = r.image();
            image = resolved.config();
            for (Path layer : resolved.layerDirs().reversed()) lowerDirs.add(layer.toString());
            if (lowerDirs.isEmpty()) throw new MiniDockerException("image " + r.image() + " has no layers");
        }

        List<String> entrypoint = image != null && image.entrypoint() != null ? image.entrypoint() : List.of();
        List<String> cmd = image != null && image.cmd() != null ? image.cmd() : List.of();
        if (r.entrypoint() != null) {
            // Docker: a new entrypoint drops the image's Cmd; an empty one clears the entrypoint.
            entrypoint = r.entrypoint();
            cmd = List.of();
        }
        if (!r.command().isEmpty()) cmd = r.command();
        if (entrypoint.isEmpty() && cmd.isEmpty()) throw new MiniDockerException("No command specified");

        String hostname = r.hostname() != null && !r.hostname().isEmpty() ? r.hostname()
                : network.equals("host") ? hostHostname : id.substring(0, 12);
        String workdir = r.workdir() != null && !r.workdir().isEmpty() ? r.workdir()
                : image != null && image.workingDir() != null && !image.workingDir().isEmpty() ? image.workingDir() : "/";
        String user = r.user() != null ? r.user() : image != null && image.user() != null ? image.user() : "";
        List<String> imageEnv = image != null && image.env() != null ? image.env() : List.of();
        if (h.publishAllPorts() && image != null) ports.addAll(PortSpec.exposed(image.exposedPorts()));

        ContainerRecord.Config config = new ContainerRecord.Config(cmd, entrypoint,
                EnvironmentParser.merge(imageEnv, userEnv), workdir, user, hostname, r.tty(), r.interactive())
                .withStopSignal(image != null ? image.stopSignal() : null)
                .withExposedPorts(exposedPorts(image, ports))
                .withLabels(labels(image, r.labels()));
        List<String> env = EnvironmentParser.containerEnv(imageEnv, userEnv, hostname, r.tty());
        List<String> portBindings = new ArrayList<>();
        for (PortSpec p : ports) portBindings.add(p.toString());
        ContainerRecord.HostConfig host = new ContainerRecord.HostConfig(limits, h.binds(), tmpfs, network,
                h.readonlyRootfs(), h.autoRemove(), plainRootfs)
                .withLifecycle(restart.isNone() ? null : restart, h.init())
                .withPorts(portBindings.isEmpty() ? null : portBindings);
        return new RunPlan(id, r.name(), imageId, imageRef, List.copyOf(lowerDirs), plainRootfs, config, env, host,
                List.copyOf(mounts), limits);
    }

    /** Docker's Config.Labels: the image's, then the request's over them. */
    static Map<String, String> labels(ImageConfig.Config image, Map<String, String> requested) {
        Map<String, String> out = new java.util.TreeMap<>();
        if (image != null && image.labels() != null) out.putAll(image.labels());
        out.putAll(requested);
        return out;
    }

    /** Docker's Config.ExposedPorts: the image's and every published container port, "80/tcp", sorted. */
    static List<String> exposedPorts(ImageConfig.Config image, List<PortSpec> published) {
        TreeSet<String> keys = new TreeSet<>();
        if (image != null && image.exposedPorts() != null) {
            for (String k : image.exposedPorts().keySet()) keys.add(k.contains("/") ? k : k + "/tcp");
        }
        for (PortSpec p : published) keys.add(p.containerPort() + "/" + p.protocol());
        return List.copyOf(keys);
    }

    /** none, host, bridge (the default), container:NAME, or a user network's name. */
    static String network(String value) {
        if (value == null || value.isEmpty()) return "bridge";
        String n = value.toLowerCase(Locale.ROOT);
        return switch (n) {
            case "none", "host", "bridge" -> n;
            case "default" -> "bridge";
            default -> {
                if (value.startsWith("container:")) {
                    if (value.length() == "container:".length()) {
                        throw new MiniDockerException("--network container: needs a container name or id");
                    }
                    yield value;
                }
                NetworkStore.checkName(value);
                yield value;
            }
        };
    }
}
