package dev.minidocker.network;

import dev.minidocker.MiniDockerException;
import dev.minidocker.fs.StoreFiles;
import dev.minidocker.linux.netlink.Addresses;
import dev.minidocker.linux.netlink.Links;
import dev.minidocker.linux.netlink.NetlinkSocket;
import dev.minidocker.linux.netlink.NfTables;
import dev.minidocker.linux.netlink.Routes;
import dev.minidocker.state.FileLock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The host side of bridge networks: the bridge device with the gateway address, route_localnet
 * (so DNAT from 127.0.0.1 may leave through it), ip_forward, and the network's nft table (NAT and the
 * guard that keeps containers off the host's loopback). All made once, when a network's bridge is
 * missing; removed by {@code network rm/prune}. A bridge's
 * ifalias ("minidocker ROOT NAME") says which store made it, so leftovers of a store that is gone
 * can be found and removed.
 */
public final class Bridges {
    static final String ALIAS_PREFIX = "minidocker ";
    private static final Path RUN_DIR = Path.of("/run/minidocker");
    /** Candidate subnets: 10.213.N.0/24, chosen to be rare on real networks; the first free one wins. */
    private static final int POOL_BASE = Subnet.parseIp("10.213.0.0");

    private Bridges() {}

    /** Host-wide lock: subnets and bridges are host-global, whichever store asks. */
    public static FileLock hostLock() {
        try {
            StoreFiles.createDirectories(RUN_DIR);
            return FileLock.acquire(RUN_DIR.resolve("network.lock"));
        } catch (IOException e) {
            throw new UncheckedIOException("lock " + RUN_DIR + ": " + e.getMessage(), e);
        }
    }

    /**
     * The bridge's index, creating it (and its NAT table) if missing. Callers hold no lock. A bridge
     * that exists without the localnet guard (set up by a mini-docker from before it, or its table
     * flushed away) gets its table replaced whole: one netlink look-up per call tells.
     */
    public static int ensure(NetlinkSocket host, NetworkConfig net, Path root) {
        int index = Links.index(host, net.bridge());
        if (index > 0 && guarded(net.bridge())) return index;
        try (FileLock ignored = hostLock()) {
            index = Links.index(host, net.bridge());
            if (index > 0) {
                if (!guarded(net.bridge())) {
                    Nft.apply(NftRules.network(net.bridge(), net.parsedSubnet(), net.internal()), "set up NAT for network " + net.name());
                }
                return index;
            }
            Subnet subnet = net.parsedSubnet();
            if (clashes(host, subnet, List.of())) {
                throw new MiniDockerException("network " + net.name() + ": subnet " + subnet
                        + " overlaps a route of this host; remove the network and create it with another --subnet");
            }
            removeOrphans(host); // a crashed or deleted store's bridge: rare, and this path is rare too
            host.execute(Links.newBridge(net.bridge()));
            index = Links.index(host, net.bridge());
            try {
                host.execute(List.of(Links.setAlias(index, net.bridge(), ALIAS_PREFIX + root + " " + net.name()),
                        Addresses.add(index, net.bridge(), Subnet.inet(subnet.gateway()), subnet.prefix())));
                enableForwarding();
                // The table (with its localnet guard) before route_localnet: never a moment without the guard.
                Nft.apply(NftRules.network(net.bridge(), subnet, net.internal()), "set up NAT for network " + net.name());
                sysctl(Path.of("/proc/sys/net/ipv4/conf", net.bridge(), "route_localnet"), "1");
            } catch (RuntimeException e) {
                try {
                    host.execute(Links.delete(net.bridge()));
                    if (Nft.available()) {
                        Nft.apply(NftRules.deleteTables(List.of(NftRules.networkTable(net.bridge()))), "remove NAT of " + net.bridge());
                    }
                } catch (RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw e;
            }
            return index;
        }
    }

    /** Whether the bridge's nft table has the localnet guard (see {@link NftRules#LOCALNET_GUARD}). */
    static boolean guarded(String bridge) {
        return NfTables.chainExists(NfTables.NFPROTO_IPV4, NftRules.networkTable(bridge), NftRules.LOCALNET_GUARD);
    }

    /** Removes a network's bridge and nft table; missing ones are fine. Caller holds {@link #hostLock()}. */
    public static void remove(NetlinkSocket host, String bridge) {
        if (Links.index(host, bridge) > 0) host.execute(Links.delete(bridge));
        if (Nft.available() && Nft.tables().contains(NftRules.networkTable(bridge))) {
            Nft.apply(NftRules.deleteTables(List.of(NftRules.networkTable(bridge))), "remove NAT of " + bridge);
        }
    }

    /**
     * Removes bridges (and their NAT tables) whose store no longer has the network that made them:
     * the store was deleted, or a crash came between its removal and the bridge's. Returns how many.
     */
    static int removeOrphans(NetlinkSocket host) {
        List<String> gone = new ArrayList<>();
        for (Links.Link l : ours(host)) {
            String[] alias = l.alias().substring(ALIAS_PREFIX.length()).split(" ");
            if (alias.length == 2 && !Files.exists(Path.of(alias[0]).resolve("networks").resolve(alias[1] + ".json"))) {
                host.execute(Links.delete(l.name()));
                gone.add(NftRules.networkTable(l.name()));
            }
        }
        if (!gone.isEmpty() && Nft.available()) Nft.apply(NftRules.deleteTables(gone), "remove NAT of orphaned bridges");
        return gone.size();
    }

    /** Bridges some mini-docker store made: name and alias ("minidocker ROOT NAME"). */
    public static List<Links.Link> ours(NetlinkSocket host) {
        List<Links.Link> ours = new ArrayList<>();
        for (Links.Link l : Links.list(host)) {
            if ("bridge".equals(l.kind()) && l.alias() != null && l.alias().startsWith(ALIAS_PREFIX)) ours.add(l);
        }
        return ours;
    }

    /** The first 10.213.N.0/24 that overlaps no host route and none of {@code taken}. */
    public static Subnet choose(NetlinkSocket host, List<Subnet> taken) {
        for (int n = 0; n < 256; n++) {
            Subnet s = new Subnet(POOL_BASE + (n << 8), 24);
            if (!clashes(host, s, taken)) return s;
        }
        throw new MiniDockerException("no free subnet left in 10.213.0.0/16; use --subnet");
    }

    static boolean clashes(NetlinkSocket host, Subnet s, List<Subnet> taken) {
        for (Subnet t : taken) if (s.overlaps(t.base(), t.prefix())) return true;
        for (Routes.Route r : Routes.list(host)) {
            if (r.prefix() == 0) continue; // default routes overlap everything
            byte[] d = r.destination();
            int base = ((d[0] & 0xff) << 24) | ((d[1] & 0xff) << 16) | ((d[2] & 0xff) << 8) | (d[3] & 0xff);
            if (s.overlaps(base, r.prefix())) return true;
        }
        return false;
    }

    /** Turns ip_forward on, remembering that it was off so that prune can restore it. */
    static void enableForwarding() {
        IpForwarding.host().enable();
    }

    /** Restores ip_forward if mini-docker turned it on (called when no bridge of ours is left). */
    static void restoreForwarding() {
        IpForwarding.host().restore();
    }

    static void sysctl(Path file, String value) {
        try {
            Files.writeString(file, value);
        } catch (IOException e) {
            throw new UncheckedIOException("write " + file + ": " + e.getMessage(), e);
        }
    }
}
