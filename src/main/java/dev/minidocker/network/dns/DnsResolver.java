package dev.minidocker.network.dns;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Collection;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;

/**
 * The daemon's embedded DNS server for user networks, Docker's design: every served container has
 * {@code nameserver 127.0.0.11} and finds a socket there, on its own loopback, opened by the daemon
 * in its network namespace. The daemon answers the names of the members of the container's
 * networks ({@link DnsNames}, fed by {@link #register}/{@link #unregister} as members come and go)
 * and forwards the rest to the host's resolvers from the host's namespace ({@link Upstreams}).
 * No process per container, and nothing on the host side a container or a remote machine could
 * reach: the socket exists only inside the container's namespace.
 */
public final class DnsResolver implements AutoCloseable {
    /** Where served containers find the resolver: Docker's address, on their own loopback. */
    public static final String ADDRESS = "127.0.0.11";
    public static final int PORT = 53;
    /** How long each upstream gets (Docker: 4 s; glibc asks again after 5 s, so two upstreams fit). */
    public static final Duration UPSTREAM_TIMEOUT = Duration.ofSeconds(2);

    private final DnsNames names = new DnsNames();
    private final DnsAnswerer answerer = new DnsAnswerer(names);
    private final DnsForwarder forwarder;
    private final DnsServer server = new DnsServer(this::handle);
    /** The search domains of each served container (what its resolv.conf lists). */
    private final java.util.Map<String, java.util.List<String>> search = new java.util.concurrent.ConcurrentHashMap<>();
    /** A container's own upstreams (its --dns servers, as Docker forwards to them); else the host's. */
    private final java.util.Map<String, java.util.List<InetSocketAddress>> ownUpstreams = new java.util.concurrent.ConcurrentHashMap<>();
    /** Containers on internal networks: nothing of theirs is forwarded. */
    private final java.util.Set<String> unforwarded = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public DnsResolver(Upstreams upstreams, Duration upstreamTimeout) {
        this.forwarder = new DnsForwarder(upstreams, upstreamTimeout);
    }

    /** Puts a container on {@code network} under {@code names} (name, hostname, aliases). */
    public void register(String network, String containerId, Inet4Address address, Collection<String> names) {
        this.names.register(network, containerId, address, names);
    }

    /** Takes a container off {@code network}: its names stop resolving there at once. */
    public void unregister(String network, String containerId) {
        names.unregister(network, containerId);
    }

    /**
     * Serves the container whose init is {@code pid} at 127.0.0.11:53 inside its network namespace
     * (its {@code lo} must be up). Again for the same container replaces the old sockets, so a new
     * daemon can adopt running containers.
     */
    public void serveNamespaceOf(String containerId, long pid, java.util.List<String> searchDomains) {
        serveNamespace(containerId, "/proc/" + pid + "/ns/net", searchDomains);
    }

    /** As {@link #serveNamespaceOf}, for the namespace at {@code netnsPath} (/proc/PID/ns/net, /run/netns/NAME). */
    public void serveNamespace(String containerId, String netnsPath, java.util.List<String> searchDomains) {
        search.put(containerId, java.util.List.copyOf(searchDomains));
        server.serve(DnsListener.bindIn(netnsPath, containerId, new InetSocketAddress(InetAddress.ofLiteral(ADDRESS), PORT)));
    }

    /** Serves {@code containerId} on {@code address} in the daemon's own namespace (tests); the bound address. */
    public InetSocketAddress serveOn(String containerId, InetSocketAddress address, java.util.List<String> searchDomains) {
        search.put(containerId, java.util.List.copyOf(searchDomains));
        DnsListener l = DnsListener.bind(containerId, address);
        server.serve(l);
        return l.address();
    }

    /**
     * A container on an internal network: its queries are answered from the network's names only,
     * the rest SERVFAIL (as moby's resolver without proxyDNS): no name of the world, and no queries
     * carried out of the network for it.
     */
    public void forwardNothing(String containerId) {
        unforwarded.add(containerId);
    }

    /** Forwards {@code containerId}'s other queries to {@code servers} instead of the host's (empty: the host's). */
    public void useUpstreams(String containerId, java.util.List<InetSocketAddress> servers) {
        if (servers.isEmpty()) ownUpstreams.remove(containerId);
        else ownUpstreams.put(containerId, java.util.List.copyOf(servers));
    }

    public boolean serving(String containerId) {
        return server.serving(containerId);
    }

    /** The container is gone: its sockets close and its names leave every network. */
    public void forget(String containerId) {
        server.stop(containerId);
        search.remove(containerId);
        ownUpstreams.remove(containerId);
        unforwarded.remove(containerId);
        names.unregisterEverywhere(containerId);
    }

    public DnsNames names() {
        return names;
    }

    /** Stops serving every container (their names stay: a resolver is not reused after close). */
    @Override
    public void close() {
        server.close();
    }

    /**
     * The reply to a query from {@code containerId}: a local answer, else the upstreams' (SERVFAIL
     * when none answers), else NXDOMAIN when the host has no upstream at all.
     */
    Message resolve(String containerId, Message query, boolean tcp) {
        Message local = answerer.answer(query, containerId, search.getOrDefault(containerId, java.util.List.of()));
        if (local != null) return local;
        if (unforwarded.contains(containerId)) return DnsReplies.replyTo(query, Rcode.SERVFAIL);
        java.util.List<InetSocketAddress> servers = ownUpstreams.getOrDefault(containerId, forwarder.hostServers());
        if (servers.isEmpty()) return DnsReplies.replyTo(query, Rcode.NXDOMAIN);
        Message forwarded = forwarder.forward(query, tcp, servers);
        return forwarded != null ? forwarded : DnsReplies.replyTo(query, Rcode.SERVFAIL);
    }

    /** The wire in and out; null (say nothing) for what does not parse as a query. */
    private byte[] handle(String containerId, byte[] wire, boolean tcp) {
        Message query;
        try {
            query = new Message(wire);
        } catch (IOException | RuntimeException malformed) {
            return null;
        }
        return DnsReplies.wire(resolve(containerId, query, tcp), DnsReplies.clientLimit(query, tcp));
    }
}
