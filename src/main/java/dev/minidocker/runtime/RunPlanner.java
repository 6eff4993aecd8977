package dev.minidocker.runtime;

import dev.minidocker.MiniDockerException;
import dev.minidocker.image.ImageConfig;
import dev.minidocker.runtime.container.RunPlan;
import dev.minidocker.runtime.host.BridgeNetworkSetup;
import dev.minidocker.runtime.host.CgroupFactory;
import dev.minidocker.runtime.spec.ContainerSpec;
import dev.minidocker.state.ContainerRecord;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a {@link RunRequest} and the image's config into a {@link RunPlan}, with Docker's merge
 * rules. Flags are validated before the image is resolved, so a typo never triggers a pull.
 *
 * @param hostEnv       the environment -e K and bare env-file keys read from
 * @param availableCpus the upper bound for --cpus
 * @param hostHostname  the hostname --network host containers get by default
 */
public record RunPlanner(ImageResolver images, Map<String, String> hostEnv, int availableCpus, String hostHostname) {

    public RunPlan plan(RunRequest r, String id, PrintStream progress) {
        String network = network(r.network());
        List<dev.minidocker.network.PortSpec> ports = new ArrayList<>();
        r.publish().forEach(p -> ports.add(dev.minidocker.network.PortSpec.parse(p).requireLocalHostIp()));
        if ((!ports.isEmpty() || r.publishAll()) && !BridgeNetworkSetup.isBridged(network)) {
            throw new MiniDockerException("published ports need a bridge network, not --network " + network);
        }
        CgroupFactory.Limits limits = LimitsParser.parse(r.memory(), r.memorySwap(), r.cpus(), r.cpuShares(),
                r.cpusetCpus(), r.pidsLimit(), availableCpus);
        List<ContainerSpec.Mount> mounts = new ArrayList<>();
        r.volumes().forEach(v -> mounts.add(MountParser.bind(v)));
        r.tmpfs().forEach(t -> mounts.add(MountParser.tmpfs(t)));
        if (r.workdir() != null && !r.workdir().isEmpty() && !r.workdir().startsWith("/")) {
            throw new MiniDockerException("the working directory '" + r.workdir()
                    + "' is invalid, it needs to be an absolute path");
        }
        List<String> userEnv = new ArrayList<>();
        r.envFiles().forEach(f -> userEnv.addAll(EnvironmentParser.fromFile(f, hostEnv)));
        userEnv.addAll(EnvironmentParser.fromFlag(r.env(), hostEnv));
        ImageResolver.PullPolicy pull = pullPolicy(r.pull());
        ContainerRecord.RestartPolicy restart = dev.minidocker.runtime.supervisor.RestartPolicies.parse(r.restart());
        if (r.autoRemove() && !restart.name().equals("no")) {
            throw new MiniDockerException("Conflicting options: --restart and --rm");
        }

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
            ImageResolver.ResolvedImage resolved = images.resolve(r.image(), pull, r.platform(), progress);
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
            entrypoint = r.entrypoint().isEmpty() ? List.of() : List.of(r.entrypoint());
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
        if (r.publishAll() && image != null) ports.addAll(dev.minidocker.network.PortSpec.exposed(image.exposedPorts()));

        ContainerRecord.Config config = new ContainerRecord.Config(cmd, entrypoint,
                EnvironmentParser.merge(imageEnv, userEnv), workdir, user, hostname, r.tty(), r.interactive())
                .withStopSignal(image != null ? image.stopSignal() : null)
                .withExposedPorts(exposedPorts(image, ports));
        List<String> env = EnvironmentParser.containerEnv(imageEnv, userEnv, hostname, r.tty());
        ContainerRecord.HostConfig host = new ContainerRecord.HostConfig(limits.memoryBytes(),
                limits.memorySwapBytes(), limits.cpus(), limits.cpuShares(), limits.cpusetCpus(), limits.pidsLimit(),
                r.volumes(), r.tmpfs(), network, r.readOnly(), r.autoRemove(), plainRootfs)
                .withLifecycle(restart.name().equals("no") ? null : restart, r.init())
                .withPorts(ports.isEmpty() ? null : ports.stream().map(Object::toString).toList());
        return new RunPlan(id, r.name(), imageId, imageRef, List.copyOf(lowerDirs), plainRootfs, config, env, host,
                List.copyOf(mounts), limits);
    }

    /** Docker's Config.ExposedPorts: the image's and every published container port, "80/tcp", sorted. */
    static List<String> exposedPorts(ImageConfig.Config image, List<dev.minidocker.network.PortSpec> published) {
        java.util.TreeSet<String> keys = new java.util.TreeSet<>();
        if (image != null && image.exposedPorts() != null) {
            for (String k : image.exposedPorts().keySet()) keys.add(k.contains("/") ? k : k + "/tcp");
        }
        for (dev.minidocker.network.PortSpec p : published) keys.add(p.containerPort() + "/" + p.protocol());
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
                dev.minidocker.network.NetworkStore.checkName(value);
                yield value;
            }
        };
    }

    /** The --pull value, or null when it is invalid (plan() reports that). */
    public static ImageResolver.PullPolicy pullPolicyOrNull(String value) {
        try {
            return pullPolicy(value);
        } catch (MiniDockerException e) {
            return null;
        }
    }

    static ImageResolver.PullPolicy pullPolicy(String value) {
        if (value == null || value.isEmpty()) return ImageResolver.PullPolicy.MISSING;
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "missing" -> ImageResolver.PullPolicy.MISSING;
            case "always" -> ImageResolver.PullPolicy.ALWAYS;
            case "never" -> ImageResolver.PullPolicy.NEVER;
            default -> throw new MiniDockerException("invalid pull option: '" + value
                    + "': must be one of \"always\", \"missing\" or \"never\"");
        };
    }
}
