package dev.minidocker.linux.netlink;

/**
 * nf_tables look-ups over NETLINK_NETFILTER (linux/netfilter/nfnetlink.h, nf_tables.h): what
 * {@code nft list chain} asks, without starting nft (~5 ms). Changes still go through nft's JSON
 * batches; this only answers "is it there?" on paths that run often.
 */
public final class NfTables {
    private static final int NFNL_SUBSYS_NFTABLES = 10, NFT_MSG_GETCHAIN = 4;
    /** struct nfgenmsg: family u8, version u8 (NFNETLINK_V0), res_id be16. */
    private static final int NFGENMSG = 4;
    private static final int NFTA_CHAIN_TABLE = 1, NFTA_CHAIN_NAME = 3;
    public static final int NFPROTO_IPV4 = 2;

    private NfTables() {}

    /** NFT_MSG_GETCHAIN for one chain; the kernel answers with the chain or ENOENT (no table or no chain). */
    public static NetlinkMessage getChain(int family, String table, String chain) {
        NetlinkMessage m = new NetlinkMessage((NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_GETCHAIN, 0,
                "get nft chain `" + table + " " + chain + "`");
        int at = m.reserve(NFGENMSG);
        m.u8At(at, family);
        m.attrString(NFTA_CHAIN_TABLE, table).attrString(NFTA_CHAIN_NAME, chain);
        return m;
    }

    /** Whether chain {@code chain} of table {@code table} exists in the caller's network namespace. */
    public static boolean chainExists(int family, String table, String chain) {
        try (NetlinkSocket s = NetlinkSocket.openNetfilter()) {
            return s.query(getChain(family, table, chain)).isPresent();
        }
    }
}
