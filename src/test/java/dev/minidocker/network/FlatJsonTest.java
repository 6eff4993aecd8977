package dev.minidocker.network;

import dev.minidocker.model.PortBinding;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The hand-written JSON of run's critical path agrees with Jackson both ways. */
class FlatJsonTest {
    @Test
    void theStoreReadsBackWhatJacksonWritesForANetworkConfig(@org.junit.jupiter.api.io.TempDir java.nio.file.Path root) {
        NetworkConfig c = new NetworkConfig("mynet", "ab".repeat(32), "bridge", "mdbr-0123456789", "10.213.3.0/24",
                "2026-01-01T00:00:00Z");
        NetworkStore store = new NetworkStore(root);
        store.save(c);
        assertEquals(java.util.Optional.of(c), store.load("mynet"));
    }

    @Test
    void jacksonReadsTheHandWrittenEndpoint() throws Exception {
        for (List<PortBinding> ports : List.of(List.<PortBinding>of(),
                List.of(new PortBinding("0.0.0.0", 8080, 80, "tcp"), new PortBinding("127.0.0.1", 5353, 53, "udp")))) {
            Endpoint e = new Endpoint("bridge", "minidocker0", "10.213.0.2", 24, "veth0123456789a", "web\\1", "host",
                    ports, ports.isEmpty() ? null : "minidocker-p-0123456789ab", "10.213.0.1", "02:42:0a:d5:00:02", "cd".repeat(32));
            assertEquals(e, NetworkStore.json().readValue(FlatJson.endpoint(e), Endpoint.class));
        }
    }

    @Test
    void theMacIsDerivedFromTheAddressAsDockerDid() {
        assertEquals("02:42:0a:d5:00:02", Endpoint.formatMac(Endpoint.macFor(Subnet.parseIp("10.213.0.2"))));
        assertEquals("02:42:ac:11:ff:fe", Endpoint.formatMac(Endpoint.macFor(Subnet.parseIp("172.17.255.254"))));
    }
}
