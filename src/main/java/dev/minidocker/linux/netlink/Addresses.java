package dev.minidocker.linux.netlink;

import java.net.Inet4Address;

import static dev.minidocker.linux.netlink.Rtnl.*;

/** IPv4 address requests (RTM_NEWADDR). */
public final class Addresses {
    private Addresses() {}

    /** Adds {@code address/prefix} with its broadcast address to link {@code index}; an existing one is kept. */
    public static NetlinkMessage add(int index, String linkName, Inet4Address address, int prefix) {
        NetlinkMessage m = new NetlinkMessage(RTM_NEWADDR, NLM_F_CREATE | NLM_F_REPLACE | NLM_F_ACK,
                "add address " + address.getHostAddress() + "/" + prefix + " to `" + linkName + "`");
        int at = m.reserve(IFADDRMSG);
        m.u8At(at, AF_INET).u8At(at + 1, prefix).u8At(at + 3, RT_SCOPE_UNIVERSE).u32At(at + 4, index);
        byte[] a = address.getAddress();
        m.attr(IFA_LOCAL, a).attr(IFA_ADDRESS, a).attr(IFA_BROADCAST, broadcast(a, prefix));
        return m;
    }

    static byte[] broadcast(byte[] a, int prefix) {
        int v = ((a[0] & 0xff) << 24) | ((a[1] & 0xff) << 16) | ((a[2] & 0xff) << 8) | (a[3] & 0xff);
        int host = prefix == 0 ? -1 : (prefix == 32 ? 0 : (1 << (32 - prefix)) - 1);
        v |= host;
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }
}
