package dev.minidocker.engine;

import dev.minidocker.engine.container.ContainerEntry;
import dev.minidocker.engine.container.ContainerService;
import dev.minidocker.engine.container.HealthMonitor;
import dev.minidocker.engine.events.ContainerEventPublisher;
import dev.minidocker.engine.events.EventLog;
import dev.minidocker.engine.image.ImageService;
import dev.minidocker.engine.image.RegistryService;
import dev.minidocker.engine.network.NetworkService;
import dev.minidocker.fs.StoreFiles;
import dev.minidocker.image.store.ImageStore;
import dev.minidocker.runtime.container.ContainerCreate;
import dev.minidocker.runtime.container.EtcFilesWriter;
import dev.minidocker.runtime.host.BridgeNetworkSetup;
import dev.minidocker.runtime.host.CgroupFactory;
import dev.minidocker.runtime.host.CgroupManagerFactory;
import dev.minidocker.runtime.host.DnsNetworkSetup;
import dev.minidocker.network.dns.DnsResolver;
import dev.minidocker.network.dns.HostResolvConf;
import dev.minidocker.network.dns.Upstreams;
import dev.minidocker.runtime.host.NetworkSetup;
import dev.minidocker.runtime.supervisor.Supervisor;
import dev.minidocker.state.ContainerStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;

/**
 * The service layer of one store root, wired here and nowhere else: what the CLI verbs and the
 * Engine API endpoints call. {@link #open} makes the CLI's (one per invocation; the stores are
 * made on first use, so that {@code run} can set them up on a second thread while the first
 * spawns stage 2), {@link #forDaemon} the daemon's, which also owns the detached containers
 * (a {@link Supervisor}) and keeps stage 2s waiting for clients' runs.
 */
public final class Engine implements AutoCloseable {
    private final Path root;
    private final boolean daemon;
    private final Clock clock = Clock.systemUTC();
    private final CgroupFactory cgroups = new CgroupManagerFactory();
    /** What this engine did, for {@code /events} (the daemon's; the CLI's is never read). */
    private final EventLog events = new EventLog(clock);
    private ContainerStore containerStore;
    private ImageStore imageStore;
    private NetworkSetup network;
    /** The daemon's embedded DNS server of user networks (its sockets live in the containers); null in the CLI. */
    private DnsResolver dns;
    private Supervisor supervisor;
    /** The daemon's health checks of the containers it runs; null in the CLI. */
    private HealthMonitor health;
    private ImageService images;
    private ContainerService containers;
    private NetworkService networks;
    private dev.minidocker.engine.volume.VolumeService volumes;

    private Engine(Path root, boolean daemon) {
        this.root = root.toAbsolutePath();
        this.daemon = daemon;
    }

    /** The CLI's engine for a store root already checked (GlobalOptions.root()). */
    public static Engine open(Path root) {
        return new Engine(root, false);
    }

    /** The daemon's: the same services, plus the supervisor of its detached containers. */
    public static Engine forDaemon(Path root) {
        Engine e = new Engine(root, true);
        ContainerStore store = e.containerStore();
        ContainerEventPublisher publisher = new ContainerEventPublisher(e.events, store);
        e.health = new HealthMonitor(store, e.cgroups, e.clock,
                (id, action) -> store.load(id).ifPresent(r -> publisher.publish(r, action, java.util.Map.of())));
        store.observe(ContainerStore.Observer.both(publisher, e.health));
        e.containers(); // wires the supervisor now, before any request
        return e;
    }

    public Path root() {
        return root;
    }

    public synchronized ImageService images() {
        if (images == null) images = new ImageService(imageStore(), events);
        return images;
    }

    public synchronized ContainerService containers() {
        if (containers == null) {
            if (daemon) {
                supervisor = new Supervisor(containerStore(), creator(), cgroups, clock, network());
            }
            containers = new ContainerService(this, supervisor);
        }
        return containers;
    }

    public synchronized NetworkService networks() {
        if (networks == null) networks = new NetworkService(root, containerStore(), this::network, events);
        return networks;
    }

    public synchronized dev.minidocker.engine.volume.VolumeService volumes() {
        if (volumes == null) volumes = new dev.minidocker.engine.volume.VolumeService(root, containerStore(), events);
        return volumes;
    }

    /** The daemon's health checks (empty in the CLI's engine). */
    public java.util.Optional<HealthMonitor> health() {
        return java.util.Optional.ofNullable(health);
    }

    /** The event bus the services publish to ({@code /events} reads it). */
    public EventLog events() {
        return events;
    }

    /** {@code system df}: the disk use of images, containers and volumes. */
    public DiskUsage diskUsage() {
        return DiskUsage.of(this);
    }

    /** {@code ps -s} and {@code inspect -s}: these containers' SizeRw and SizeRootFs, without the rest of system df. */
    public List<DiskUsage.ContainerUsage> containerSizes(List<ContainerEntry> containers) {
        return DiskUsage.containerSizes(this, containers);
    }

    /** Registry logins (config.json and credential helpers): no store involved. */
    public RegistryService registries() {
        return new RegistryService();
    }

    /**
     * Lets go of the containers (they keep running; the next daemon adopts them) and kills the
     * waiting stage 2s. Foreground runs of clients still going end with their clients.
     */
    @Override
    public void close() {
        ContainerService c;
        synchronized (this) {
            c = containers;
        }
        if (c != null) c.close();
        if (health != null) health.close();
        DnsResolver d;
        synchronized (this) {
            d = dns;
        }
        if (d != null) d.close(); // containers lose DNS until the next daemon adopts them
    }

    /** A stable id for this store (Docker's daemon ID), kept in {@code <root>/engine-id}. */
    public String daemonId() {
        Path file = root.resolve("engine-id");
        try {
            if (Files.exists(file)) return Files.readString(file, StandardCharsets.US_ASCII).strip();
            byte[] b = new byte[16];
            new java.security.SecureRandom().nextBytes(b);
            String id = HexFormat.of().formatHex(b);
            StoreFiles.write(file, id.getBytes(StandardCharsets.US_ASCII));
            return id;
        } catch (IOException e) {
            return "mini-docker";
        }
    }

    /** This store's containers (by state) and images, and the host's facts, as {@code info} shows them. */
    public SystemInfo systemInfo() {
        ContainerService service = containers();
        int total = 0, running = 0, paused = 0;
        for (String id : service.ids()) {
            total++;
            var status = service.status(id);
            if (status.map(st -> st.status().equals(dev.minidocker.engine.container.ContainerStatus.PAUSED)).orElse(false)) paused++;
            else if (status.map(dev.minidocker.engine.container.ContainerStatus::running).orElse(false)) running++;
        }
        return new SystemInfo(daemonId(), total, running, paused, total - running - paused, images().count(), root.toString(),
                HostFacts.operatingSystem(), HostFacts.unameArch(), Runtime.getRuntime().availableProcessors(),
                HostFacts.memTotalBytes(), HostFacts.hostname(), productVersion(), HostFacts.kernelVersion(),
                HostFacts.cgroupVersion());
    }

    public static String productVersion() {
        String v = Engine.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0-dev";
    }

    // ---- the wiring, for the services of this package tree ----

    public synchronized ContainerStore containerStore() {
        if (containerStore == null) containerStore = new ContainerStore(root);
        return containerStore;
    }

    public synchronized ImageStore imageStore() {
        if (imageStore == null) imageStore = new ImageStore(root);
        return imageStore;
    }

    public synchronized NetworkSetup network() {
        if (network == null) {
            NetworkSetup bridges = new BridgeNetworkSetup(root, containerStore());
            if (daemon) {
                // The daemon answers names on user networks; the CLI's in-process runs keep the host's servers.
                HostResolvConf host = Upstreams.fromFile(Upstreams.hostFile());
                dns = new DnsResolver(host, DnsResolver.UPSTREAM_TIMEOUT);
                network = new DnsNetworkSetup(bridges, dns, host, root, containerStore());
            } else {
                network = bridges;
            }
        }
        return network;
    }

    /** The daemon's DNS server (empty in the CLI). */
    public synchronized java.util.Optional<DnsResolver> dns() {
        network();
        return java.util.Optional.ofNullable(dns);
    }

    public CgroupFactory cgroups() {
        return cgroups;
    }

    public Clock clock() {
        return clock;
    }

    public ContainerCreate creator() {
        return new ContainerCreate(containerStore(), new EtcFilesWriter(Path.of("/etc")), clock);
    }
}
