package dev.minidocker.engine.container;

import dev.minidocker.InvalidArgumentException;
import dev.minidocker.MiniDockerException;
import dev.minidocker.engine.image.ImageResolver;
import dev.minidocker.engine.image.ResolvedImage;
import dev.minidocker.image.ImageConfig;
import dev.minidocker.model.EnvironmentParser;
import dev.minidocker.model.Security;
import dev.minidocker.model.Healthcheck;
import dev.minidocker.model.HostConfig;
import dev.minidocker.model.LogConfig;
import dev.minidocker.model.PortSpec;
import dev.minidocker.model.Resources;
import dev.minidocker.model.RestartPolicy;
import dev.minidocker.network.HostAddresses;
import dev.minidocker.network.NetworkStore;
import dev.minidocker.runtime.container.ContainerHardening;
import dev.minidocker.runtime.container.RunPlan;
import dev.minidocker.runtime.container.SignalNames;
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
public record RunPlanner(ImageResolver images, Map<String, String> hostEnv, int availableCpus, String hostHostname,
                         Path storeRoot) {

    /** Without a store: named and anonymous volumes are refused. */
    public RunPlanner(ImageResolver images, Map<String, String> hostEnv, int availableCpus, String hostHostname) {
        this(images, hostEnv, availableCpus, hostHostname, null);
    }

    public RunPlan plan(RunRequest r, String id, PrintStream progress) {
        HostConfig h = r.host();
        String network = networkName(network(h.networkMode()));
        List<PortSpec> ports = new ArrayList<>();
        for (PortSpec p : h.portBindings()) ports.add(HostAddresses.requireLocal(p));
        if ((!ports.isEmpty() || h.publishAllPorts()) && !BridgeNetworkSetup.isBridged(network)) {
            throw new MiniDockerException("published ports need a bridge network, not --network " + network);
        }
        if (!h.networkAliases().isEmpty() && (!BridgeNetworkSetup.isBridged(network) || network.equals("bridge"))) {
            throw new MiniDockerException("network-scoped alias is supported only for containers in user defined networks");
        }
        checkAddresses(h);
        if (h.ipv4Address() != null) {
            if (!BridgeNetworkSetup.isBridged(network) || network.equals("bridge")) {
                throw new MiniDockerException("user specified IP address is supported on user defined networks only");
            }
            checkIpv4(h.ipv4Address());
        }
        h.resources().validate(availableCpus);
        h.logConfig().validated();
        Resources limits = h.resources().normalized();
        // --privileged: every device, as Docker (the node list is the host's; the cgroup allows them all).
        if (h.security().privileged()) limits = limits.withDevices(dev.minidocker.model.DeviceRule.ALLOW_ALL);
        ContainerHardening.capabilities(h.security()); // an unknown capability fails here, before anything is made
        Security security = h.security();
        if (!security.knownIpcMode()) throw new InvalidArgumentException("invalid IPC mode: " + security.ipcMode());
        ContainerHardening.checkSysctls(security.sysctls(), network, security.ipcMode());
        if (security.utsMode().equals("host") && r.hostname() != null && !r.hostname().isEmpty()) {
            throw new MiniDockerException("Conflicting options: hostname and the UTS mode");
        }
        List<ContainerSpec.Mount> mounts = new ArrayList<>();
        List<VolumeMounts.Wanted> volumes = new ArrayList<>();
        List<String> binds = new ArrayList<>(h.binds());
        if (!h.volumesFrom().isEmpty()) {
            if (storeRoot == null) throw new MiniDockerException("--volumes-from needs a store");
            binds.addAll(VolumesFrom.expand(new dev.minidocker.state.ContainerStore(storeRoot), h.volumesFrom()));
        }
        for (String v : binds) {
            VolumeMounts.Wanted w = VolumeMounts.parse(v);
            if (w == null) mounts.add(MountParser.bind(v));
            else volumes.add(w);
        }
        if (!volumes.isEmpty() && storeRoot == null) throw new MiniDockerException("volumes need a store");
        List<String> tmpfs = new ArrayList<>();
        for (Map.Entry<String, String> t : h.tmpfs().entrySet()) {
            String spec = t.getValue().isEmpty() ? t.getKey() : t.getKey() + ":" + t.getValue();
            mounts.add(MountParser.tmpfs(spec));
            tmpfs.add(spec);
        }
        // --shm-size: stage 2 mounts Docker's 64 MiB /dev/shm; another size is a tmpfs over it (a --tmpfs /dev/shm
        // wins). --ipc host: the host's /dev/shm, as Docker binds it.
        if (security.ipcMode().equals("host") && !h.tmpfs().containsKey("/dev/shm")) {
            mounts.add(MountParser.bind("/dev/shm:/dev/shm"));
        } else if (limits.shmSize() > 0 && limits.shmSize() != Resources.DEFAULT_SHM_SIZE && !h.tmpfs().containsKey("/dev/shm")) {
            mounts.add(MountParser.tmpfs("/dev/shm:mode=1777,size=" + limits.shmSize()));
        }
        if (!h.security().devices().isEmpty() || !h.security().deviceCgroupRules().isEmpty() || h.security().privileged()) {
            List<dev.minidocker.model.DeviceRule> rules = new ArrayList<>(limits.devices());
            DeviceMappings.add(h.security(), mounts, rules);
            limits = limits.withDevices(rules);
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
                : network.equals("host") || security.utsMode().equals("host") ? hostHostname : id.substring(0, 12);
        String workdir = r.workdir() != null && !r.workdir().isEmpty() ? r.workdir()
                : image != null && image.workingDir() != null && !image.workingDir().isEmpty() ? image.workingDir() : "/";
        String user = r.user() != null ? r.user() : image != null && image.user() != null ? image.user() : "";
        List<String> imageEnv = image != null && image.env() != null ? image.env() : List.of();
        List<String> exposed = exposedPorts(image, r.exposedPorts());
        if (h.publishAllPorts()) {
            for (String key : exposed) {
                PortSpec e = PortSpec.parse(key);
                if (ports.stream().noneMatch(p -> p.containerPort() == e.containerPort() && p.protocol().equals(e.protocol()))) ports.add(e);
            }
        }

        // named and anonymous volumes (made now if missing), then the image's VOLUME entries nothing else covers
        VolumeMounts.Planned vols = storeRoot == null ? VolumeMounts.Planned.NONE
                : new VolumeMounts(storeRoot).plan(volumes, image != null ? image.volumes() : null, binds,
                        h.tmpfs().keySet(), plainRootfs == null);
        mounts.addAll(vols.mounts());
        ContainerRecord.Config config = new ContainerRecord.Config(cmd, entrypoint,
                EnvironmentParser.merge(imageEnv, userEnv), workdir, user, hostname, r.tty(), r.interactive())
                .withStopSignal(r.stopSignal() != null ? checkedSignal(r.stopSignal())
                        : image != null ? image.stopSignal() : null)
                .withStopTimeout(r.stopTimeout())
                .withExposedPorts(withPublished(exposed, ports))
                .withLabels(labels(image, r.labels()))
                .withHealthcheck(Healthcheck.merge(image != null ? image.healthcheck() : null,
                        r.healthcheck() == null ? null : r.healthcheck().validated()));
        List<String> env = EnvironmentParser.containerEnv(imageEnv, userEnv, hostname, r.tty());
        List<String> portBindings = new ArrayList<>();
        for (PortSpec p : ports) portBindings.add(p.toString());
        ContainerRecord.HostConfig host = new ContainerRecord.HostConfig(limits, binds, tmpfs, network,
                h.readonlyRootfs(), h.autoRemove(), plainRootfs)
                .withLifecycle(restart.isNone() ? null : restart, h.init())
                .withPorts(portBindings.isEmpty() ? null : portBindings)
                .withSecurity(h.security())
                .withAnonymousVolumes(vols.anonymous())
                .withNetwork(network, h.networkAliases(), h.ipv4Address())
                .withNames(h.extraHosts(), h.dns(), h.dnsSearch(), h.dnsOptions())
                .withLogConfig(h.logConfig().equals(LogConfig.DEFAULT) ? null : h.logConfig());
        return new RunPlan(id, r.name(), imageId, imageRef, List.copyOf(lowerDirs), plainRootfs, config, env, host,
                List.copyOf(mounts), limits, vols.copyUps());
    }

    /** The image's labels, then the request's over them (Docker's merge). */
    /** --stop-signal as given, once known for a signal ("SIGQUIT", "QUIT", "3"). */
    private static String checkedSignal(String signal) {
        try {
            SignalNames.parse(signal);
            return signal;
        } catch (MiniDockerException e) {
            throw new dev.minidocker.InvalidArgumentException(e.getMessage());
        }
    }

    static Map<String, String> labels(ImageConfig.Config image, Map<String, String> requested) {
        Map<String, String> all = new java.util.TreeMap<>();
        if (image != null && image.labels() != null) all.putAll(image.labels());
        all.putAll(requested);
        return all;
    }

    /** The ports -P publishes: the image's and --expose's, "80/tcp", sorted. */
    static List<String> exposedPorts(ImageConfig.Config image, List<String> requested) {
        TreeSet<String> keys = new TreeSet<>(requested);
        if (image != null && image.exposedPorts() != null) {
            for (String k : image.exposedPorts().keySet()) keys.add(k.contains("/") ? k : k + "/tcp");
        }
        return List.copyOf(keys);
    }

    /** Docker's Config.ExposedPorts: those and every published container port, sorted. */
    static List<String> withPublished(List<String> exposed, List<PortSpec> published) {
        TreeSet<String> keys = new TreeSet<>(exposed);
        for (PortSpec p : published) keys.add(p.containerPort() + "/" + p.protocol());
        return List.copyOf(keys);
    }

    /**
     * A user network given by name, id or id prefix (the Docker clients send ids: Testcontainers
     * does) as its name; one that does not exist fails here, before anything is made, as Docker's
     * create fails ("network NAME not found").
     */
    private String networkName(String mode) {
        if (storeRoot == null || !BridgeNetworkSetup.isBridged(mode) || mode.equals("bridge")) return mode;
        NetworkStore networks = new NetworkStore(storeRoot);
        if (networks.load(mode).isPresent()) return mode;
        return networks.find(mode).name();
    }

    /**
     * What the docker CLI checks of run's and create's flag values itself, before it sends the
     * daemon anything: --add-host and --dns addresses, -e and the --env-file files, the form of -v
     * binds, and --security-opt (not --ip nor --tmpfs: the daemon checks those). {@link #plan}
     * checks them again (a request may come through the Engine API); the CLI's create checks them
     * first, so that such a failure is a flag error there as it is for run.
     */
    public static void checkFlags(RunRequest r, Map<String, String> hostEnv) {
        HostConfig h = r.host();
        checkAddresses(h);
        for (Path f : r.envFiles()) EnvironmentParser.fromFile(f, hostEnv);
        EnvironmentParser.fromFlag(r.env(), hostEnv);
        for (String v : h.binds()) {
            if (VolumeMounts.parse(v) == null) MountParser.bindForm(v);
        }
        ContainerHardening.checkSecurityOpts(h.security());
    }

    /** --add-host's and --dns's addresses. */
    private static void checkAddresses(HostConfig h) {
        for (String extra : h.extraHosts()) checkAddHost(extra);
        for (String server : h.dns()) checkDns(server);
    }

    private static void checkIpv4(String ip) {
        if (!isIp(ip) || ip.contains(":")) {
            throw new MiniDockerException("invalid argument \"" + ip + "\" for \"--ip\" flag: invalid IPv4 address");
        }
    }

    private static void checkDns(String server) {
        if (!isIp(server)) {
            throw new MiniDockerException("invalid argument \"" + server + "\" for \"--dns\" flag: " + server + " is not an ip address");
        }
    }

    /** Docker's --add-host: NAME:IP or NAME=IP, the IP a literal or host-gateway. */
    static void checkAddHost(String value) {
        int sep = value.indexOf('=') >= 0 ? value.indexOf('=') : value.indexOf(':');
        if (sep <= 0 || sep == value.length() - 1) {
            throw new MiniDockerException("invalid argument \"" + value + "\" for \"--add-host\" flag: bad format for add-host: \""
                    + value + "\"");
        }
        String ip = value.substring(sep + 1);
        if (!ip.equals("host-gateway") && !isIp(ip)) {
            throw new MiniDockerException("invalid argument \"" + value + "\" for \"--add-host\" flag: invalid IP address in add-host: \""
                    + ip + "\"");
        }
    }

    private static boolean isIp(String s) {
        try {
            java.net.InetAddress.ofLiteral(s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
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
