package dev.minidocker.linux.netlink;

/** rtnetlink constants from linux/netlink.h, linux/rtnetlink.h, linux/if_link.h, linux/veth.h. */
public final class Rtnl {
    private Rtnl() {}

    public static final int AF_UNSPEC = 0, AF_INET = 2;

    public static final int NLM_F_REQUEST = 0x1, NLM_F_MULTI = 0x2, NLM_F_ACK = 0x4,
            NLM_F_DUMP = 0x300, NLM_F_REPLACE = 0x100, NLM_F_EXCL = 0x200, NLM_F_CREATE = 0x400;
    public static final int NLMSG_ERROR = 2, NLMSG_DONE = 3;

    public static final int RTM_NEWLINK = 16, RTM_DELLINK = 17, RTM_GETLINK = 18, RTM_SETLINK = 19,
            RTM_NEWADDR = 20, RTM_NEWROUTE = 24, RTM_GETROUTE = 26;

    /** struct ifinfomsg: family u8, pad, type u16, index s32, flags u32, change u32. */
    public static final int IFINFOMSG = 16;
    public static final int IFF_UP = 0x1;
    public static final int IFLA_ADDRESS = 1, IFLA_IFNAME = 3, IFLA_MTU = 4, IFLA_MASTER = 10,
            IFLA_LINKINFO = 18, IFLA_NET_NS_PID = 19, IFLA_IFALIAS = 20, IFLA_NET_NS_FD = 28;
    public static final int IFLA_INFO_KIND = 1, IFLA_INFO_DATA = 2;
    public static final int VETH_INFO_PEER = 1;

    /** struct ifaddrmsg: family u8, prefixlen u8, flags u8, scope u8, index u32. */
    public static final int IFADDRMSG = 8;
    public static final int IFA_ADDRESS = 1, IFA_LOCAL = 2, IFA_BROADCAST = 4;

    /** struct rtmsg: family, dst_len, src_len, tos, table, protocol, scope, type (u8 each), flags u32. */
    public static final int RTMSG = 12;
    public static final int RTA_DST = 1, RTA_OIF = 4, RTA_GATEWAY = 5, RTA_TABLE = 15;
    public static final int RT_TABLE_MAIN = 254, RTPROT_BOOT = 3, RT_SCOPE_UNIVERSE = 0, RTN_UNICAST = 1;
}
