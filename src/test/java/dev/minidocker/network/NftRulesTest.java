package dev.minidocker.network;

import dev.minidocker.model.PortBinding;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.minidocker.RootOnly;
import dev.minidocker.testing.Tools;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The NAT rules: their meaning (inspected, never exercised against outside addresses) and their syntax. */
class NftRulesTest {
    static final String ID = "0123456789ab".repeat(5) + "cdef";

    static String json(List<ObjectNode> commands) {
        ObjectNode doc = new ObjectMapper().createObjectNode();
        commands.forEach(doc.putArray("nftables")::add);
        return doc.toString();
    }

    @Test
    void networkTableMasqueradesOutboundTrafficOfItsSubnetOnly() {
        String j = json(NftRules.network("mdtest0", Subnet.parse("10.213.7.0/24")));
        assertTrue(j.contains("{\"add\":{\"table\":{\"family\":\"ip\",\"name\":\"minidocker-mdtest0\"}}}"), j);
        assertTrue(j.contains("\"hook\":\"postrouting\""), j);
        // outbound: from the subnet, not back into the bridge
        assertTrue(j.contains("{\"match\":{\"op\":\"==\",\"left\":{\"payload\":{\"protocol\":\"ip\",\"field\":\"saddr\"}},"
                + "\"right\":{\"prefix\":{\"addr\":\"10.213.7.0\",\"len\":24}}}},"
                + "{\"match\":{\"op\":\"!=\",\"left\":{\"meta\":{\"key\":\"oifname\"}},\"right\":\"mdtest0\"}},{\"masquerade\":null}"), j);
        // 127.0.0.1 -> published port, and container -> neighbour's published port
        assertTrue(j.contains("\"right\":{\"prefix\":{\"addr\":\"127.0.0.0\",\"len\":8}}"), j);
        assertTrue(j.contains("{\"ct\":{\"key\":\"status\"}},\"right\":\"dnat\""), j);
    }

    @Test
    void networkTableDropsWhatContainersSendToTheHostsLoopback() {
        String j = json(NftRules.network("mdtest0", Subnet.parse("10.213.7.0/24")));
        assertTrue(j.contains("{\"add\":{\"chain\":{\"family\":\"ip\",\"table\":\"minidocker-mdtest0\",\"name\":\"localnet-guard\","
                + "\"type\":\"filter\",\"hook\":\"input\",\"prio\":0,\"policy\":\"accept\"}}}"), j);
        String guard = "{\"match\":{\"op\":\"!=\",\"left\":{\"meta\":{\"key\":\"iifname\"}},\"right\":\"lo\"}},"
                + "{\"match\":{\"op\":\"==\",\"left\":{\"payload\":{\"protocol\":\"ip\",\"field\":\"daddr\"}},"
                + "\"right\":{\"prefix\":{\"addr\":\"127.0.0.0\",\"len\":8}}}}";
        // replies of connections the host made, and DNAT'ed published ports, pass; the rest is dropped
        assertTrue(j.contains(guard + ",{\"match\":{\"op\":\"in\",\"left\":{\"ct\":{\"key\":\"state\"}},"
                + "\"right\":{\"set\":[\"established\",\"related\"]}}},{\"accept\":null}"), j);
        assertTrue(j.contains(guard + ",{\"match\":{\"op\":\"in\",\"left\":{\"ct\":{\"key\":\"status\"}},"
                + "\"right\":\"dnat\"}},{\"accept\":null}"), j);
        assertTrue(j.contains(guard + ",{\"drop\":null}]"), j);
        assertTrue(j.indexOf("{\"accept\":null}") < j.indexOf("{\"drop\":null}"), "the accepts come first");
    }

    @Test
    void portTableDnatsEachPublishedPortFromOutsideAndFromTheHost() {
        List<PortBinding> ports = List.of(new PortBinding("0.0.0.0", 8080, 80, "tcp"),
                new PortBinding("127.0.0.1", 5353, 53, "udp"));
        String j = json(NftRules.ports(ID, "10.213.7.2", ports));
        assertTrue(j.contains("minidocker-p-0123456789ab"), j);
        assertEquals(2, j.split("\\{\"dnat\":\\{\"addr\":\"10.213.7.2\",\"port\":80}}", -1).length - 1, j);
        assertEquals(2, j.split("\\{\"dnat\":\\{\"addr\":\"10.213.7.2\",\"port\":53}}", -1).length - 1, j);
        assertTrue(j.contains("{\"fib\":{\"result\":\"type\",\"flags\":[\"daddr\"]}},\"right\":\"local\""), j);
        assertTrue(j.contains("\"left\":{\"payload\":{\"protocol\":\"ip\",\"field\":\"daddr\"}},\"right\":\"127.0.0.1\""), j);
        assertTrue(j.contains("\"hook\":\"output\""), j);
    }

    @Test
    @RootOnly
    void nftAcceptsTheRules() throws Exception {
        Tools.require("nft", "nftables");   // bridge networking needs it: a missing nft fails, never passes
        for (List<ObjectNode> batch : List.of(NftRules.network("mdtest0", Subnet.parse("10.213.7.0/24")),
                NftRules.ports(ID, "10.213.7.2", List.of(new PortBinding("0.0.0.0", 8080, 80, "tcp"))),
                NftRules.deleteTables(List.of("minidocker-nosuch")))) {
            // --check: parsed and validated by the kernel, never committed
            Process p = new ProcessBuilder("nft", "--check", "-j", "-f", "-").redirectErrorStream(true).start();
            p.getOutputStream().write(json(batch).getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), out);
        }
    }
}
