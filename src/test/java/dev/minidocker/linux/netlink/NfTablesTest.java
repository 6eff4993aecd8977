package dev.minidocker.linux.netlink;

import static dev.minidocker.linux.netlink.NetlinkMessageTest.u16;
import static dev.minidocker.linux.netlink.NetlinkMessageTest.u32;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.RootOnly;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** nf_tables look-ups: the request's layout (linux/netfilter/nfnetlink.h) and the kernel's answers. */
class NfTablesTest {
    @Test
    void getChainIsAnNftablesSubsystemRequestNamingTableAndChain() {
        byte[] b = NfTables.getChain(NfTables.NFPROTO_IPV4, "minidocker-md0", "localnet-guard").encode(5);
        assertEquals(b.length, u32(b, 0));
        assertEquals((10 << 8) | 4, u16(b, 4), "NFNL_SUBSYS_NFTABLES << 8 | NFT_MSG_GETCHAIN");
        assertEquals(Rtnl.NLM_F_REQUEST, u16(b, 6), "one object, no dump, no extra ACK");
        assertEquals(NfTables.NFPROTO_IPV4, b[16]);
        assertEquals(0, b[17], "NFNETLINK_V0");
        Attributes a = Attributes.parse(Arrays.copyOfRange(b, 16, b.length), 4);
        assertEquals("minidocker-md0", a.string(1));
        assertEquals("localnet-guard", a.string(3));
    }

    @Test
    @RootOnly
    void chainExistsAnswersForARealTableAndChain() throws Exception {
        String table = "mdtest-nftables-" + ProcessHandle.current().pid(); // not minidocker-*: prune would take it
        assertFalse(NfTables.chainExists(NfTables.NFPROTO_IPV4, table, "guard"), "no table");
        nft("add table ip " + table);
        try {
            assertFalse(NfTables.chainExists(NfTables.NFPROTO_IPV4, table, "guard"), "no chain");
            nft("add chain ip " + table + " guard { type filter hook input priority 0; policy accept; }");
            assertTrue(NfTables.chainExists(NfTables.NFPROTO_IPV4, table, "guard"));
            assertFalse(NfTables.chainExists(NfTables.NFPROTO_IPV4, table, "other"));
        } finally {
            nft("delete table ip " + table);
        }
    }

    static void nft(String command) throws Exception {
        Process p = new ProcessBuilder("nft", command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), "nft " + command + ": " + out);
    }
}
