package dev.minidocker.linux.netlink;

import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;

import static dev.minidocker.linux.netlink.Rtnl.*;

/** IPv4 route requests: the default route of a container, and the host's routes for clash checks. */
public final class Routes {
    private Routes() {}

    /** An IPv4 route as a dump reports it: destination (4 bytes, zeros for default) and prefix length. */
    public record Route(byte[] destination, int prefix) {}

    /** RTM_NEWROUTE: default via {@code gateway} out of link {@code oif}, in the main table. */
    public static NetlinkMessage addDefault(Inet4Address gateway, int oif) {
        NetlinkMessage m = new NetlinkMessage(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK,
                "add default route via " + gateway.getHostAddress());
        int at = m.reserve(RTMSG);
        m.u8At(at, AF_INET).u8At(at + 4, RT_TABLE_MAIN).u8At(at + 5, RTPROT_BOOT)
                .u8At(at + 6, RT_SCOPE_UNIVERSE).u8At(at + 7, RTN_UNICAST);
        m.attr(RTA_GATEWAY, gateway.getAddress()).attrU32(RTA_OIF, oif);
        return m;
    }

    /** Every IPv4 route of every table (local and broadcast routes included). */
    public static List<Route> list(NetlinkSocket socket) {
        NetlinkMessage m = new NetlinkMessage(RTM_GETROUTE, NLM_F_DUMP, "list routes");
        int at = m.reserve(RTMSG);
        m.u8At(at, AF_INET);
        List<Route> routes = new ArrayList<>();
        for (NetlinkSocket.Reply r : socket.dump(m)) {
            if (r.type() != 24 /* RTM_NEWROUTE */) continue;
            int prefix = r.payload()[1] & 0xff;
            byte[] dst = Attributes.parse(r.payload(), RTMSG).bytes(RTA_DST);
            routes.add(new Route(dst == null ? new byte[4] : dst, prefix));
        }
        return routes;
    }
}
