package dev.minidocker.runtime.host;

import dev.minidocker.linux.ProcessIdentity;
import dev.minidocker.network.ContainerNetworking;
import dev.minidocker.network.Endpoint;
import dev.minidocker.network.NetworkConfig;
import dev.minidocker.network.NetworkStore;
import dev.minidocker.network.dns.DnsResolver;
import dev.minidocker.network.dns.HostResolvConf;
import dev.minidocker.network.dns.ResolvConf;
import dev.minidocker.network.dns.ServedResolvConf;
import dev.minidocker.state.ContainerRecord;
import dev.minidocker.state.ContainerState;
import dev.minidocker.state.ContainerStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The daemon's network step: the bridge step, then, on a user network, the embedded DNS server.
 * After the container is attached (lo up, its address known) its names are registered, its
 * resolv.conf (bind-mounted by stage 2 later) becomes {@code nameserver 127.0.0.11}, and the
 * resolver opens its socket in the container's namespace. The default bridge keeps the host's
 * name servers, as in Docker. Teardown forgets the container first, so its names stop
 * resolving before its address can be handed out again.
 */
public final class DnsNetworkSetup implements NetworkSetup {
    private final NetworkSetup bridges;
    private final DnsResolver resolver;
    private final HostResolvConf hostResolvConf;
    private final ContainerStore store;
    private final ContainerNetworking networking;
    private final NetworkStore networks;

    public DnsNetworkSetup(NetworkSetup bridges, DnsResolver resolver, HostResolvConf hostResolvConf, Path root,
                           ContainerStore store) {
        this.bridges = bridges;
        this.resolver = resolver;
        this.hostResolvConf = hostResolvConf;
        this.store = store;
        this.networking = new ContainerNetworking(root, store);
        this.networks = new NetworkStore(root);
    }

    @Override
    public void setUp(ContainerRecord c, long pid) {
        bridges.setUp(c, pid);
        Optional<Endpoint> e = userNetworkEndpoint(c.id());
        if (e.isEmpty()) return;
        List<String> names = names(c.name(), c.config().hostname());
        names.addAll(c.hostConfig().networkAliasesOrEmpty());
        resolver.register(e.get().network(), c.id(), address(e.get()), names);
        ResolvConf mine = ownResolvConf(hostResolvConf.current(), c.hostConfig());
        writeResolvConf(store.containerDir(c.id()).resolve("resolv.conf"), ServedResolvConf.content(mine));
        resolver.useUpstreams(c.id(), c.hostConfig().dns() == null ? List.of() : mine.nameservers());
        if (internal(e.get())) resolver.forwardNothing(c.id());
        resolver.serveNamespaceOf(c.id(), pid, mine.search());
    }

    /** Whether the endpoint's network is --internal (its containers' queries stay inside). */
    private boolean internal(Endpoint e) {
        return networks.load(e.network()).map(NetworkConfig::internal).orElse(false);
    }

    @Override
    public void tearDown(String containerId) {
        resolver.forget(containerId);
        bridges.tearDown(containerId);
    }

    @Override
    public void reclaimStale() {
        bridges.reclaimStale();
    }

    /**
     * After a daemon restart: the names of every running container on a user network again, and
     * a socket in each one this resolver served before (its resolv.conf names 127.0.0.11); a
     * container run in-process without a daemon keeps the host's servers and is only named.
     * Returns how many are served.
     */
    public int adoptRunning() {
        int served = 0;
        for (String id : store.ids()) {
            try {
                Optional<ContainerState> s = store.state(id);
                if (s.isEmpty() || !s.get().isRunning() || !ProcessIdentity.isAlive(s.get().pid(), s.get().startTime())) continue;
                Optional<Endpoint> e = userNetworkEndpoint(id);
                if (e.isEmpty()) continue;
                List<String> names = names(e.get().name(), e.get().hostname());
                Optional<ContainerRecord> record = store.load(id);
                record.ifPresent(r -> names.addAll(r.hostConfig().networkAliasesOrEmpty()));
                resolver.register(e.get().network(), id, address(e.get()), names);
                Optional<ResolvConf> before = servedBefore(store.containerDir(id).resolve("resolv.conf"));
                if (before.isPresent()) {
                    if (internal(e.get())) resolver.forwardNothing(id);
                    if (record.isPresent() && record.get().hostConfig().dns() != null) {
                        resolver.useUpstreams(id, ownResolvConf(hostResolvConf.current(), record.get().hostConfig()).nameservers());
                    }
                    resolver.serveNamespaceOf(id, s.get().pid(), before.get().search());
                    served++;
                }
            } catch (RuntimeException e) {
                System.err.println("mini-docker: DNS for " + id + " not restored: " + e.getMessage());
            }
        }
        return served;
    }

    /**
     * The resolv.conf a served container gets, Docker's way: its --dns servers (else the host's) are
     * where the embedded server forwards; its --dns-search and --dns-option replace the host's.
     */
    static ResolvConf ownResolvConf(ResolvConf host, ContainerRecord.HostConfig h) {
        List<java.net.InetSocketAddress> servers = host.nameservers();
        if (h.dns() != null) {
            servers = new ArrayList<>();
            for (String s : h.dns()) servers.add(new java.net.InetSocketAddress(InetAddress.ofLiteral(s), ResolvConf.DNS_PORT));
        }
        return new ResolvConf(servers, h.dnsSearch() != null ? h.dnsSearch() : host.search(),
                h.dnsOptions() != null ? h.dnsOptions() : host.options());
    }

    private Optional<Endpoint> userNetworkEndpoint(String id) {
        return networking.endpoint(id).filter(e -> !NetworkConfig.DEFAULT.equals(e.network()));
    }

    private static Inet4Address address(Endpoint e) {
        return (Inet4Address) InetAddress.ofLiteral(e.address());
    }

    /** The names /etc/hosts lists too (network/HostsFile): the container's name and its hostname. */
    static List<String> names(String name, String hostname) {
        List<String> names = new ArrayList<>();
        if (name != null) names.add(name.startsWith("/") ? name.substring(1) : name);
        if (hostname != null) names.add(hostname);
        return names;
    }

    /** The container's resolv.conf if it names the embedded server. */
    private static Optional<ResolvConf> servedBefore(Path resolvConf) {
        try {
            ResolvConf c = ResolvConf.parse(Files.readString(resolvConf, StandardCharsets.UTF_8));
            boolean served = c.nameservers().size() == 1
                    && c.nameservers().getFirst().getAddress().getHostAddress().equals(DnsResolver.ADDRESS);
            return served ? Optional.of(c) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** In place: the file may already be bind-mounted (a restarted container), so its inode stays. */
    private static void writeResolvConf(Path file, String content) {
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("write " + file + ": " + e.getMessage(), e);
        }
    }
}
