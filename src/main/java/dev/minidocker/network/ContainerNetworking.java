package dev.minidocker.network;

import dev.minidocker.model.PortSpec;
import dev.minidocker.model.PortBinding;
import dev.minidocker.fs.AtomicFiles;
import dev.minidocker.linux.ProcessIdentity;
import dev.minidocker.linux.netlink.Addresses;
import dev.minidocker.linux.netlink.Links;
import dev.minidocker.linux.netlink.NetlinkMessage;
import dev.minidocker.linux.netlink.NetlinkSocket;
import dev.minidocker.linux.netlink.Routes;
import dev.minidocker.state.ContainerState;
import dev.minidocker.state.ContainerStore;
import dev.minidocker.state.FileLock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Puts a container on a bridge network while its stage 2 waits, and takes it off again. Attach:
 * bridge (made once), an address under the network's lock, one RTM_NEWLINK for the veth pair (host
 * end up on the bridge, peer created as eth0 directly in the container's namespace, up), then one
 * batch inside the namespace (lo up, address, default route), DNAT for published ports, and
 * /etc/hosts. Detach undoes it; after a crash the next attach on the network reclaims what a dead
 * owner left behind.
 */
public final class ContainerNetworking {
    private static final String ENDPOINT_FILE = "network.json";
    private final NetworkStore networks;
    private final ContainerStore containers;
    /** Endpoints this process attached (and their networks): detach needs no file reads then. */
    private final java.util.Map<String, Endpoint> attached = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<String, NetworkConfig> configs = new java.util.concurrent.ConcurrentHashMap<>();

    public ContainerNetworking(Path root, ContainerStore containers) {
        this.networks = new NetworkStore(root);
        this.containers = containers;
    }

    /** What a container asks for: which network, its names, its published ports. */
    /** @param ipv4 the address asked for (--ip), or null for the lowest free one */
    public record Request(String containerId, String name, String hostname, String network, List<PortSpec> ports, String ipv4) {
        public Request(String containerId, String name, String hostname, String network, List<PortSpec> ports) {
            this(containerId, name, hostname, network, ports, null);
        }
    }

    public Endpoint attach(Request r, long pid) {
        NetworkConfig net = new NetworkManager(networks, containers).forRun(r.network());
        configs.put(net.name(), net);
        AddressAllocator allocator = new AddressAllocator(networks.networkDir(net.name()), net.parsedSubnet());
        Subnet subnet = net.parsedSubnet();
        String veth = vethName(r.containerId());
        String ownerTag = PortReservations.ownerTag(r.containerId(), pid);
        List<PortBinding> ports = List.of();
        int address = -1;
        boolean vethMade = false;
        PortReservations reservations = new PortReservations();
        try (NetlinkSocket host = NetlinkSocket.open()) {
            int bridge = Bridges.ensure(host, net, networks.root());
            List<AddressAllocator.Allocation> stale;
            try (FileLock ignored = allocator.lock()) {
                stale = allocator.reclaim(this::live);
                address = allocator.allocate(r.containerId(), ProcessHandle.current().pid(),
                        ProcessIdentity.startTime(ProcessHandle.current().pid()).orElse(0),
                        r.ipv4() == null ? null : Subnet.parseIp(r.ipv4()));
            }
            for (AddressAllocator.Allocation a : stale) cleanUpAfter(host, a.containerId());
            byte[] mac = Endpoint.macFor(address);
            host.execute(Links.newVeth(veth, bridge, "eth0", pid, mac));
            vethMade = true;
            try (NetlinkSocket inside = NetlinkSocket.openIn(pid)) {
                int eth0 = Links.index(inside, "eth0");
                List<NetlinkMessage> setUp = new ArrayList<>(List.of(Links.up(1, "lo"),
                        Links.up(eth0, "eth0"), Addresses.add(eth0, "eth0", Subnet.inet(address), subnet.prefix())));
                // an internal network has no way out: no default route (sending elsewhere fails at once)
                if (!net.internal()) setUp.add(Routes.addDefault(Subnet.inet(subnet.gateway()), eth0));
                inside.execute(setUp);
            }
            String portTable = null;
            if (!r.ports().isEmpty()) {
                ports = reservations.reserve(r.ports(), ownerTag, r.name());
                Nft.apply(NftRules.ports(r.containerId(), Subnet.format(address), ports),
                        "publish ports of " + r.containerId().substring(0, 12));
                portTable = NftRules.portTable(r.containerId());
            }
            Endpoint self = new Endpoint(net.name(), net.bridge(), Subnet.format(address), subnet.prefix(), veth,
                    r.name(), r.hostname(), ports, portTable, net.gateway(), Endpoint.formatMac(mac), net.id());
            save(r.containerId(), self);
            attached.put(r.containerId(), self);
            updateHosts(net, allocator, self, r.containerId());
            return self;
        } catch (RuntimeException e) {
            try {
                if (!ports.isEmpty()) {
                    Nft.apply(NftRules.deleteTables(List.of(NftRules.portTable(r.containerId()))), "remove published ports");
                    reservations.release(ports, ownerTag);
                }
                if (vethMade) deleteLink(veth);
                if (address != -1) allocator.release(address, r.containerId());
                deleteEndpointFile(r.containerId());
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** Takes the container off its network (idempotent: rm and a crashed run's reclaim call it too). */
    public void detach(String containerId) {
        Endpoint known = attached.remove(containerId);
        Optional<Endpoint> endpoint = known != null ? Optional.of(known) : endpoint(containerId);
        if (endpoint.isEmpty()) return;
        Endpoint e = endpoint.get();
        if (e.portTable() != null) {
            Nft.apply(NftRules.deleteTables(List.of(e.portTable())), "remove published ports of " + containerId.substring(0, 12));
        }
        if (!e.ports().isEmpty()) releasePortsOfAnyOwner(e, containerId);
        deleteLink(e.hostVeth());
        Optional.ofNullable(configs.get(e.network())).or(() -> networks.load(e.network())).ifPresent(net -> {
            AddressAllocator allocator = new AddressAllocator(networks.networkDir(net.name()), net.parsedSubnet());
            try (FileLock ignored = allocator.lock()) {
                allocator.release(Subnet.parseIp(e.address()), containerId);
                if (!net.isDefault()) rewritePeers(net, allocator, containerId);
            }
        });
        deleteEndpointFile(containerId);
    }

    /**
     * On every network, frees the allocations whose owner and container are gone, and what else
     * they left (the sweep's part: a run killed between taking its address and saving its endpoint
     * has nothing {@link #detach} could find, and the next attach may be long in coming).
     */
    public void reclaimStale() {
        for (NetworkConfig net : networks.list()) {
            AddressAllocator allocator = new AddressAllocator(networks.networkDir(net.name()), net.parsedSubnet());
            List<AddressAllocator.Allocation> stale;
            try (FileLock ignored = allocator.lock()) {
                stale = allocator.reclaim(this::live);
            }
            if (stale.isEmpty()) continue;
            try (NetlinkSocket host = NetlinkSocket.open()) {
                for (AddressAllocator.Allocation a : stale) cleanUpAfter(host, a.containerId());
            }
        }
    }

    /** The endpoint a container has while on a network. */
    public Optional<Endpoint> endpoint(String containerId) {
        return endpointIn(containers.containerDir(containerId));
    }

    /** The endpoint kept in a container's directory, if it is on a network now. */
    public static Optional<Endpoint> endpointIn(Path containerDir) {
        Path f = containerDir.resolve(ENDPOINT_FILE);
        try {
            return Optional.of(NetworkStore.json().readValue(Files.readAllBytes(f), Endpoint.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("read " + f + ": " + e.getMessage(), e);
        }
    }

    static String vethName(String containerId) {
        return "veth" + containerId.substring(0, 11);
    }

    /** An allocation is live while the run that made it or the container's init is alive. */
    boolean live(AddressAllocator.Allocation a) {
        if (ProcessIdentity.isAlive(a.ownerPid(), a.ownerStartTime())) return true;
        return containerRunning(a.containerId());
    }

    private boolean containerRunning(String id) {
        try {
            Optional<ContainerState> s = containers.state(id);
            return s.isPresent() && s.get().isRunning() && ProcessIdentity.isAlive(s.get().pid(), s.get().startTime());
        } catch (RuntimeException unreadable) {
            return false;
        }
    }

    /** What a dead owner left: its port table, reservations, veth (the address is already freed). */
    private void cleanUpAfter(NetlinkSocket host, String containerId) {
        Optional<Endpoint> e = safeEndpoint(containerId);
        if (e.isPresent() && e.get().portTable() != null) {
            Nft.apply(NftRules.deleteTables(List.of(e.get().portTable())), "remove stale published ports");
            releasePortsOfAnyOwner(e.get(), containerId);
        }
        if (Links.index(host, vethName(containerId)) > 0) host.execute(Links.delete(vethName(containerId)));
        deleteEndpointFile(containerId);
    }

    private Optional<Endpoint> safeEndpoint(String containerId) {
        try {
            return endpoint(containerId);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static void releasePortsOfAnyOwner(Endpoint e, String containerId) {
        new PortReservations().releaseAllOf(e.ports(), containerId);
    }

    private void updateHosts(NetworkConfig net, AddressAllocator allocator, Endpoint self, String id) {
        if (net.isDefault()) {
            HostsFile.write(containers.containerDir(id).resolve("hosts"), HostsFile.content(self, List.of()), net.gateway());
            return;
        }
        try (FileLock ignored = allocator.lock()) {
            rewritePeers(net, allocator, null);
        }
    }

    /** Every member's /etc/hosts lists every member; {@code leaving} is left out. */
    private void rewritePeers(NetworkConfig net, AddressAllocator allocator, String leaving) {
        List<String> ids = new ArrayList<>();
        List<Endpoint> members = new ArrayList<>();
        for (AddressAllocator.Allocation a : allocator.list()) {
            if (a.containerId().equals(leaving)) continue;
            Optional<Endpoint> e = safeEndpoint(a.containerId());
            if (e.isPresent() && e.get().network().equals(net.name())) {
                ids.add(a.containerId());
                members.add(e.get());
            }
        }
        for (int i = 0; i < ids.size(); i++) {
            HostsFile.write(containers.containerDir(ids.get(i)).resolve("hosts"), HostsFile.content(members.get(i), members),
                    net.gateway());
        }
    }

    private void save(String id, Endpoint e) {
        // written by hand: Jackson's first serialization of a type is slow on run's critical path
        Path file = containers.containerDir(id).resolve(ENDPOINT_FILE);
        try {
            // it lives only while its container runs, which no power failure survives: atomic, not durable
            AtomicFiles.writeWithoutSync(file, FlatJson.endpoint(e).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException ex) {
            throw new UncheckedIOException("write " + file + ": " + ex.getMessage(), ex);
        }
    }

    private void deleteEndpointFile(String id) {
        try {
            Files.deleteIfExists(containers.containerDir(id).resolve(ENDPOINT_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("remove endpoint of " + id + ": " + e.getMessage(), e);
        }
    }

    private static void deleteLink(String name) {
        try (NetlinkSocket host = NetlinkSocket.open()) {
            host.execute(Links.delete(name));
        } catch (dev.minidocker.linux.SyscallException e) {
            if (e.errno() != NetlinkSocket.ENODEV) throw e; // gone with its namespace meanwhile
        }
    }
}
