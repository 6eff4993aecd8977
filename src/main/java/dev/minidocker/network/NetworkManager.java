package dev.minidocker.network;

import dev.minidocker.MiniDockerException;
import dev.minidocker.linux.netlink.Links;
import dev.minidocker.linux.netlink.NetlinkSocket;
import dev.minidocker.state.ContainerStore;
import dev.minidocker.state.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code network create/ls/rm/inspect/prune} and the default network. The default network
 * "bridge" is made on first use: bridge {@code minidocker0} for the default store (a name derived
 * from the store path otherwise, so test stores never share a bridge), subnet from
 * {@code $MINIDOCKER_BRIDGE_SUBNET} or the first 10.213.N.0/24 no host route overlaps.
 */
public final class NetworkManager {
    public static final Path DEFAULT_ROOT = Path.of("/var/lib/minidocker");
    private final NetworkStore store;
    private final ContainerStore containers;

    public NetworkManager(NetworkStore store, ContainerStore containers) {
        this.store = store;
        this.containers = containers;
    }

    /** The network a run asked for ("bridge" or a user network's name), made if it is the default. */
    public NetworkConfig forRun(String name) {
        if (name.equals(NetworkConfig.DEFAULT)) {
            Optional<NetworkConfig> existing = store.load(NetworkConfig.DEFAULT);
            return existing.isPresent() ? existing.get() : create(NetworkConfig.DEFAULT, System.getenv("MINIDOCKER_BRIDGE_SUBNET"));
        }
        return store.find(name);
    }

    public NetworkConfig create(String name, String subnet) {
        return create(name, subnet, Map.of(), Map.of());
    }

    /** With the user's driver options and labels, kept as given (inspect shows them so). */
    public NetworkConfig create(String name, String subnet, Map<String, String> options, Map<String, String> labels) {
        return create(name, subnet, options, labels, false);
    }

    /** {@code internal}: a network whose containers reach nothing beyond it (see {@link NetworkConfig}). */
    public NetworkConfig create(String name, String subnet, Map<String, String> options, Map<String, String> labels,
                                boolean internal) {
        NetworkStore.checkName(name);
        try (FileLock ignored = store.lock(); FileLock host = Bridges.hostLock(); NetlinkSocket socket = NetlinkSocket.open()) {
            Optional<NetworkConfig> existing = store.load(name);
            if (existing.isPresent()) {
                if (name.equals(NetworkConfig.DEFAULT)) return existing.get();
                throw new MiniDockerException("network with name " + name + " already exists");
            }
            List<Subnet> taken = new ArrayList<>(SubnetReservations.host().taken()); // other stores' too
            for (NetworkConfig n : store.list()) taken.add(n.parsedSubnet());
            Subnet chosen;
            if (subnet != null && !subnet.isBlank()) {
                chosen = Subnet.parse(subnet);
                if (Bridges.clashes(socket, chosen, taken)) {
                    throw new MiniDockerException("subnet " + chosen + " overlaps another network or a route of this host");
                }
            } else {
                chosen = Bridges.choose(socket, taken);
            }
            String id = name.equals(NetworkConfig.DEFAULT) ? predefinedId(store.root(), name) : newId(name);
            String bridge = name.equals(NetworkConfig.DEFAULT)
                    ? (store.root().equals(DEFAULT_ROOT) ? "minidocker0" : "md" + hash(store.root().toString()).substring(0, 8) + "0")
                    : "mdbr-" + id.substring(0, 10);
            NetworkConfig config = new NetworkConfig(name, id, "bridge", bridge, chosen.toString(), Instant.now().toString(),
                    options, labels, internal);
            store.save(config);
            SubnetReservations.host().claim(chosen, store.root(), name);
            return config;
        }
    }

    public List<NetworkConfig> list() {
        return store.list();
    }

    public NetworkConfig find(String nameOrId) {
        return store.find(nameOrId);
    }

    /** Ids of the containers currently on a network (live allocations). */
    public List<String> members(NetworkConfig net) {
        ContainerNetworking cn = new ContainerNetworking(store.root(), containers);
        AddressAllocator allocator = new AddressAllocator(store.networkDir(net.name()), net.parsedSubnet());
        return allocator.list().stream().filter(cn::live).map(AddressAllocator.Allocation::containerId).toList();
    }

    /** The network as {@code network inspect} shows it, with the containers on it now. */
    public NetworkInspection inspect(NetworkConfig net) {
        ContainerNetworking cn = new ContainerNetworking(store.root(), containers);
        java.util.Map<String, Endpoint> endpoints = new java.util.LinkedHashMap<>();
        for (String id : members(net)) {
            try {
                cn.endpoint(id).filter(e -> e.network().equals(net.name())).ifPresent(e -> endpoints.put(id, e));
            } catch (RuntimeException removedMeanwhile) {
                // left the network while we looked
            }
        }
        return NetworkInspection.of(net, endpoints);
    }

    /** Removes a user network that no running container uses: bridge, NAT table, config. */
    public void remove(String nameOrId) {
        NetworkConfig net = store.find(nameOrId);
        if (net.isDefault()) throw new MiniDockerException("bridge is a pre-defined network and cannot be removed");
        removeUnused(net, true);
    }

    /** Removes every network without running containers; returns the names of removed user networks. */
    public List<String> prune() {
        List<String> removed = new ArrayList<>();
        for (NetworkConfig net : store.list()) {
            // An unused default bridge loses its device, not its identity: its id is fixed
            // (predefinedId) and it is listed still, so the next run makes it again as it was.
            if (removeUnused(net, false) && !net.isDefault()) removed.add(net.name());
        }
        try (FileLock host = Bridges.hostLock(); NetlinkSocket socket = NetlinkSocket.open()) {
            reconcileOrphans(socket);
            new PortReservations().removeStale();
            if (Bridges.ours(socket).isEmpty()) Bridges.restoreForwarding();
        }
        return removed;
    }

    private boolean removeUnused(NetworkConfig net, boolean mustSucceed) {
        try (FileLock ignored = store.lock(); FileLock host = Bridges.hostLock(); NetlinkSocket socket = NetlinkSocket.open()) {
            List<String> members = members(net);
            if (!members.isEmpty()) {
                if (mustSucceed) {
                    throw new MiniDockerException("error while removing network: network " + net.name() + " id " + net.id()
                            + " has active endpoints");
                }
                return false;
            }
            Bridges.remove(socket, net.bridge());
            store.delete(net.name());
            SubnetReservations.host().release(net.parsedSubnet(), store.root(), net.name());
            return true;
        }
    }

    /** Bridges and NAT tables whose store (or network) is gone, and port tables of dead containers. */
    private void reconcileOrphans(NetlinkSocket socket) {
        Bridges.removeOrphans(socket);
        if (!Nft.available()) return;
        List<String> stale = new ArrayList<>();
        for (String t : Nft.tables()) {
            if (t.startsWith(NftRules.PORT_PREFIX)) {
                // a container's veth lives as long as its network namespace: no veth, no container
                String id12 = t.substring(NftRules.PORT_PREFIX.length());
                if (id12.length() == 12 && Links.index(socket, ContainerNetworking.vethName(id12)) < 0) stale.add(t);
            } else if (t.startsWith(NftRules.PREFIX) && Links.index(socket, t.substring(NftRules.PREFIX.length())) < 0) {
                stale.add(t);
            }
        }
        Nft.apply(NftRules.deleteTables(stale), "remove stale nft tables");
    }

    /**
     * The id of bridge, host or none in a store: fixed, so the listed bridge keeps its id when its
     * device is first made (on the first run) and clients that saw it still find it.
     */
    public static String predefinedId(java.nio.file.Path root, String name) {
        return hash(root.toAbsolutePath() + "\0" + name);
    }

    private static String newId(String name) {
        byte[] b = new byte[32];
        new java.security.SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static String hash(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
