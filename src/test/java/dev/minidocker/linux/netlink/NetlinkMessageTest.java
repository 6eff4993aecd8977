package dev.minidocker.linux.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The wire layout of what the kernel gets, checked byte by byte against linux/netlink.h. */
class NetlinkMessageTest {
    static int u32(byte[] b, int at) {
        return MemorySegment.ofArray(b).get(NetlinkMessage.U32, at);
    }

    static int u16(byte[] b, int at) {
        return MemorySegment.ofArray(b).get(NetlinkMessage.U16, at) & 0xffff;
    }

    @Test
    void headerAttributesAndNestingAreAligned() {
        byte[] mac = {0x02, 0x42, 10, (byte) 213, 0, 5};
        byte[] b = Links.newVeth("veth0", 7, "eth0", 4242, mac).encode(9);
        assertEquals(b.length, u32(b, 0));
        assertEquals(Rtnl.RTM_NEWLINK, u16(b, 4));
        assertEquals(Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_ACK | Rtnl.NLM_F_CREATE | Rtnl.NLM_F_EXCL, u16(b, 6));
        assertEquals(9, u32(b, 8));
        assertEquals(0, b.length % 4);
        // ifinfomsg: host end up
        assertEquals(Rtnl.IFF_UP, u32(b, 16 + 8));
        assertEquals(Rtnl.IFF_UP, u32(b, 16 + 12));
        Attributes top = Attributes.parse(java.util.Arrays.copyOfRange(b, 16, b.length), Rtnl.IFINFOMSG);
        assertEquals("veth0", top.string(Rtnl.IFLA_IFNAME));
        assertEquals(7, top.u32(Rtnl.IFLA_MASTER, -1));
        Attributes info = top.nested(Rtnl.IFLA_LINKINFO);
        assertEquals("veth", info.string(Rtnl.IFLA_INFO_KIND));
        byte[] peer = info.nested(Rtnl.IFLA_INFO_DATA).bytes(Rtnl.VETH_INFO_PEER);
        Attributes peerAttrs = Attributes.parse(peer, Rtnl.IFINFOMSG);
        assertEquals("eth0", peerAttrs.string(Rtnl.IFLA_IFNAME));
        assertEquals(4242, peerAttrs.u32(Rtnl.IFLA_NET_NS_PID, -1));
        org.junit.jupiter.api.Assertions.assertArrayEquals(mac, peerAttrs.bytes(Rtnl.IFLA_ADDRESS), "the peer's MAC");
        assertEquals(0, u32(peer, 8), "the peer is brought up from inside its namespace");
    }

    @Test
    void addressAndRouteCarryNetworkOrderAddresses() throws Exception {
        var addr = (java.net.Inet4Address) java.net.InetAddress.getByName("10.213.0.5");
        byte[] a = Addresses.add(3, "eth0", addr, 24).encode(1);
        assertEquals(Rtnl.RTM_NEWADDR, u16(a, 4));
        assertEquals(Rtnl.AF_INET, a[16]);
        assertEquals(24, a[17]);
        assertEquals(3, u32(a, 20));
        Attributes attrs = Attributes.parse(java.util.Arrays.copyOfRange(a, 16, a.length), Rtnl.IFADDRMSG);
        assertEquals("10.213.0.5", java.net.InetAddress.getByAddress(attrs.bytes(Rtnl.IFA_LOCAL)).getHostAddress());
        assertEquals("10.213.0.255", java.net.InetAddress.getByAddress(attrs.bytes(Rtnl.IFA_BROADCAST)).getHostAddress());

        var gw = (java.net.Inet4Address) java.net.InetAddress.getByName("10.213.0.1");
        byte[] r = Routes.addDefault(gw, 3).encode(2);
        assertEquals(Rtnl.RTM_NEWROUTE, u16(r, 4));
        assertEquals(0, r[17], "dst_len 0: the default route");
        assertEquals(Rtnl.RT_TABLE_MAIN, r[20] & 0xff);
        Attributes ra = Attributes.parse(java.util.Arrays.copyOfRange(r, 16, r.length), Rtnl.RTMSG);
        assertEquals(3, ra.u32(Rtnl.RTA_OIF, -1));
        assertEquals("10.213.0.1", java.net.InetAddress.getByAddress(ra.bytes(Rtnl.RTA_GATEWAY)).getHostAddress());
    }

    @Test
    void stringsAreNulTerminated() {
        byte[] b = Links.delete("abc").encode(1);
        int at = 16 + Rtnl.IFINFOMSG;
        assertEquals(8, u16(b, at), "4 header + 3 chars + NUL");
        assertEquals("abc\0", new String(b, at + 4, 4, StandardCharsets.UTF_8));
        assertEquals(ByteOrder.nativeOrder(), NetlinkMessage.U32.order());
    }
}
