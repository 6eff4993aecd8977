package dev.minidocker.linux.netlink;

import java.util.ArrayList;
import java.util.List;

import static dev.minidocker.linux.netlink.Rtnl.*;

/** Link requests: bridges, veth pairs, up/down, delete, look-up by name, dump. */
public final class Links {
    private Links() {}

    /** A link as a dump reports it. */
    public record Link(int index, String name, String kind, String alias, int master) {}

    /**
     * RTM_NEWLINK for a bridge that starts up. Its MAC
     * is set explicitly (random, locally administered): a bridge without one takes the lowest MAC of
     * its ports, which changes as containers come and go and leaves stale gateway ARP entries.
     */
    public static NetlinkMessage newBridge(String name) {
        NetlinkMessage m = new NetlinkMessage(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK, "create bridge `" + name + "`");
        ifinfo(m, 0, IFF_UP);
        m.attrString(IFLA_IFNAME, name);
        byte[] mac = new byte[6];
        new java.security.SecureRandom().nextBytes(mac);
        mac[0] = (byte) ((mac[0] & 0xfc) | 0x02); // unicast, locally administered
        m.attr(IFLA_ADDRESS, mac);
        m.begin(IFLA_LINKINFO).attrString(IFLA_INFO_KIND, "bridge").end();
        return m;
    }

    /**
     * RTM_NEWLINK for a veth pair in one request: {@code hostName} up and enslaved to the bridge
     * {@code master}; the peer created directly in the network namespace of {@code peerPid} as
     * {@code peerName}, still down (bringing it up from here fails with ENOTCONN: set it up from
     * inside the namespace). {@code peerMac} (6 bytes) is the peer's MAC, or null for a random one.
     */
    public static NetlinkMessage newVeth(String hostName, int master, String peerName, long peerPid) {
        return newVeth(hostName, master, peerName, peerPid, null);
    }

    /** As {@link #newVeth(String, int, String, long)}, with the peer's MAC chosen by the caller. */
    public static NetlinkMessage newVeth(String hostName, int master, String peerName, long peerPid, byte[] peerMac) {
        NetlinkMessage m = new NetlinkMessage(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK,
                "create veth `" + hostName + "` with peer `" + peerName + "` in the netns of pid " + peerPid);
        ifinfo(m, 0, IFF_UP);
        m.attrString(IFLA_IFNAME, hostName);
        m.attrU32(IFLA_MASTER, master);
        m.begin(IFLA_LINKINFO).attrString(IFLA_INFO_KIND, "veth").begin(IFLA_INFO_DATA).begin(VETH_INFO_PEER);
        ifinfo(m, 0, 0);
        m.attrString(IFLA_IFNAME, peerName);
        m.attrU32(IFLA_NET_NS_PID, (int) peerPid);
        if (peerMac != null) m.attr(IFLA_ADDRESS, peerMac);
        m.end().end().end();
        return m;
    }

    /** RTM_SETLINK of the ifalias (the kernel ignores IFLA_IFALIAS when it creates a link). */
    public static NetlinkMessage setAlias(int index, String name, String alias) {
        NetlinkMessage m = new NetlinkMessage(RTM_SETLINK, NLM_F_ACK, "set alias of `" + name + "`");
        ifinfo(m, index, 0);
        m.attrString(IFLA_IFALIAS, alias);
        return m;
    }

    /** RTM_SETLINK that brings link {@code index} up. */
    public static NetlinkMessage up(int index, String name) {
        NetlinkMessage m = new NetlinkMessage(RTM_SETLINK, NLM_F_ACK, "set `" + name + "` up");
        ifinfo(m, index, IFF_UP);
        return m;
    }

    /** RTM_DELLINK by name (a veth takes its peer with it). */
    public static NetlinkMessage delete(String name) {
        NetlinkMessage m = new NetlinkMessage(RTM_DELLINK, NLM_F_ACK, "delete link `" + name + "`");
        ifinfo(m, 0, 0);
        m.attrString(IFLA_IFNAME, name);
        return m;
    }

    /** The index of the link called {@code name}, or -1 when there is none. */
    public static int index(NetlinkSocket socket, String name) {
        NetlinkMessage m = new NetlinkMessage(RTM_GETLINK, 0, "get link `" + name + "`");
        ifinfo(m, 0, 0);
        m.attrString(IFLA_IFNAME, name);
        return socket.query(m).map(r -> r.u32(4)).orElse(-1);
    }

    /** Every link of the socket's namespace. */
    public static List<Link> list(NetlinkSocket socket) {
        NetlinkMessage m = new NetlinkMessage(RTM_GETLINK, NLM_F_DUMP, "list links");
        ifinfo(m, 0, 0);
        List<Link> links = new ArrayList<>();
        for (NetlinkSocket.Reply r : socket.dump(m)) {
            if (r.type() != RTM_NEWLINK) continue;
            Attributes a = Attributes.parse(r.payload(), IFINFOMSG);
            links.add(new Link(r.u32(4), a.string(IFLA_IFNAME), a.nested(IFLA_LINKINFO).string(IFLA_INFO_KIND),
                    a.string(IFLA_IFALIAS), a.u32(IFLA_MASTER, 0)));
        }
        return links;
    }

    /** struct ifinfomsg with {@code flags} set and changed (nothing else changes). */
    private static void ifinfo(NetlinkMessage m, int index, int flags) {
        int at = m.reserve(IFINFOMSG);
        m.u8At(at, AF_UNSPEC).u32At(at + 4, index).u32At(at + 8, flags).u32At(at + 12, flags);
    }
}
