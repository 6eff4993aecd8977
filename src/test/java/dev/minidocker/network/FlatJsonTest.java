package dev.minidocker.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The hand-written JSON of run's critical path agrees with Jackson both ways. */
class FlatJsonTest {
    @Test
    void readsWhatJacksonWritesForANetworkConfig() throws Exception {
        NetworkConfig c = new NetworkConfig("my\"net", "ab".repeat(32), "bridge", "mdbr-0123456789", "10.213.3.0/24",
                "2026-01-01T00:00:00Z");
        Map<String, String> m = FlatJson.read(NetworkStore.json().writeValueAsString(c));
        assertEquals(Map.of("Name", "my\"net", "Id", "ab".repeat(32), "Driver", "bridge", "Bridge", "mdbr-0123456789",
                "Subnet", "10.213.3.0/24", "Created", "2026-01-01T00:00:00Z"), m);
        assertEquals(Map.of("a", "1", "b", "true", "c", "x\ny\u00e9"), FlatJson.read("{\"a\": 1, \"b\":true,\"c\":\"x\\ny\\u00e9\", \"d\": null}"));
        assertNull(FlatJson.read("{\"a\": {\"b\": 1}}"));
        assertNull(FlatJson.read("[1]"));
    }

    @Test
    void jacksonReadsTheHandWrittenEndpoint() throws Exception {
        for (List<PortBinding> ports : List.of(List.<PortBinding>of(),
                List.of(new PortBinding("0.0.0.0", 8080, 80, "tcp"), new PortBinding("127.0.0.1", 5353, 53, "udp")))) {
            Endpoint e = new Endpoint("bridge", "minidocker0", "10.213.0.2", 24, "veth0123456789a", "web\\1", "host",
                    ports, ports.isEmpty() ? null : "minidocker-p-0123456789ab");
            assertEquals(e, NetworkStore.json().readValue(FlatJson.endpoint(e), Endpoint.class));
        }
    }
}
