package dev.minidocker.api.engine;

import dev.minidocker.cli.StoreImageResolver;
import dev.minidocker.fs.StoreFiles;
import dev.minidocker.image.store.ImageStore;
import dev.minidocker.runtime.CgroupFactory;
import dev.minidocker.runtime.CgroupManagerFactory;
import dev.minidocker.runtime.ContainerCreator;
import dev.minidocker.runtime.EtcFilesWriter;
import dev.minidocker.runtime.RunPlanner;
import dev.minidocker.runtime.lifecycle.Liveness;
import dev.minidocker.runtime.lifecycle.Supervisor;
import dev.minidocker.state.ContainerState;
import dev.minidocker.state.ContainerStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * What every endpoint group works on: the store root, its images, its containers, and the one
 * {@link Supervisor} that owns the detached containers of this daemon.
 */
public final class EngineContext implements AutoCloseable {
    private final Path root;
    private final ImageStore images;
    private final ContainerStore containers;
    private final CgroupFactory cgroups = new CgroupManagerFactory();
    private final Supervisor supervisor;
    private final dev.minidocker.runtime.DnsNetworkSetup network;
    /** The embedded DNS server of user networks (network/dns): its sockets live in the containers. */
    private final dev.minidocker.network.dns.DnsResolver dns;
    private final ContainerEvents events;
    private volatile dev.minidocker.runtime.ContainerLauncher launcher;
    private volatile dev.minidocker.runtime.Stage2Pool stage2Pool;
    private boolean closed;

    public EngineContext(Path root) {
        this.root = root.toAbsolutePath();
        this.images = new ImageStore(this.root);
        this.containers = new ContainerStore(this.root);
        Clock clock = Clock.systemUTC();
        var hostResolvConf = dev.minidocker.network.dns.Upstreams.fromFile(dev.minidocker.network.dns.Upstreams.hostFile());
        this.dns = new dev.minidocker.network.dns.DnsResolver(hostResolvConf, dev.minidocker.network.dns.DnsResolver.UPSTREAM_TIMEOUT);
        this.network = new dev.minidocker.runtime.DnsNetworkSetup(
                new dev.minidocker.runtime.BridgeNetworkSetup(this.root, containers), dns, hostResolvConf, this.root, containers);
        this.supervisor = new Supervisor(containers, new ContainerCreator(containers, new EtcFilesWriter(Path.of("/etc")), clock),
                cgroups, clock, network);
        this.events = new ContainerEvents(this);
        supervisor.addExitListener(events::exited);
    }

    public Supervisor supervisor() {
        return supervisor;
    }

    public dev.minidocker.runtime.NetworkSetup network() {
        return network;
    }

    /** After the supervisor adopted a previous daemon's containers: their names, and DNS for those it served. */
    int adoptDns() {
        return network.adoptRunning();
    }

    public dev.minidocker.network.dns.DnsResolver dns() {
        return dns;
    }

    public CgroupFactory cgroups() {
        return cgroups;
    }

    ContainerEvents events() {
        return events;
    }

    /**
     * The same planner {@code run} uses. Docker's create never pulls (the client pulls on a 404
     * and retries), and the client already expanded {@code -e NAME} from its own environment.
     */
    RunPlanner planner() {
        return new RunPlanner(new StoreImageResolver(images), Map.of(), Runtime.getRuntime().availableProcessors(),
                HostFacts.hostname());
    }

    /** The launcher of this daemon's containers (created on first use: it locates java and the jar). */
    public dev.minidocker.runtime.ContainerLauncher launcher() {
        dev.minidocker.runtime.ContainerLauncher l = launcher;
        if (l == null) {
            synchronized (this) {
                if (launcher == null) launcher = new dev.minidocker.runtime.ContainerLauncher();
                l = launcher;
            }
        }
        return l;
    }

    /** The warm stage 2 of foreground runs for clients (POST /minidocker/run). */
    public synchronized dev.minidocker.runtime.Stage2Pool stage2Pool() {
        if (stage2Pool == null) {
            stage2Pool = new dev.minidocker.runtime.Stage2Pool(launcher());
            if (closed) stage2Pool.close();
            supervisor.useStage2Pool(stage2Pool);
        }
        return stage2Pool;
    }

    /** What a client's foreground run uses: this daemon's stores, cgroups and networks. */
    dev.minidocker.cli.DaemonRun.Services runServices() {
        return new dev.minidocker.cli.DaemonRun.Services(containers, images, cgroups, network);
    }

    /**
     * Lets go of the containers (they keep running; the next daemon adopts them) and kills the
     * waiting stage 2. Foreground runs of clients still going end with their clients.
     */
    @Override
    public void close() {
        dev.minidocker.runtime.Stage2Pool pool;
        synchronized (this) {
            closed = true;
            pool = stage2Pool;
        }
        if (pool != null) pool.close();
        supervisor.close();
        dns.close(); // containers lose DNS until the next daemon adopts them (queries get "connection refused")
    }

    public Path root() {
        return root;
    }

    public ImageStore images() {
        return images;
    }

    public ContainerStore containers() {
        return containers;
    }

    /**
     * The state as clients should see it. A container the supervisor watches is as recorded: the
     * supervisor records its end (exit code, last output in the log) moments after it happens. A
     * "running" record nobody watches whose init is gone (or whose pid now belongs to another
     * process) is reported exited. Empty when the container is gone.
     */
    public Optional<ContainerState> effectiveState(String id) {
        return containers.state(id).map(s -> supervisor.isMonitoring(id) ? s : Liveness.effective(s));
    }

    /** A stable id for this store (Docker's daemon ID), kept in {@code <root>/engine-id}. */
    String daemonId() {
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

    static String productVersion() {
        String v = EngineContext.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0-dev";
    }
}
