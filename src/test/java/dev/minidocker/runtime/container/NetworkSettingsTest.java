package dev.minidocker.runtime.container;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minidocker.network.Endpoint;
import dev.minidocker.model.PortBinding;
import java.util.List;
import org.junit.jupiter.api.Test;

/** inspect's NetworkSettings in the JSON shape the docker client and Go templates read. */
class NetworkSettingsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String NET_ID = "ab".repeat(32);

    static Endpoint endpoint(String network, List<PortBinding> ports) {
        return new Endpoint(network, "minidocker0", "10.213.0.5", 24, "veth0123456789a", "web", "0123456789ab", ports,
                ports.isEmpty() ? null : "minidocker-p-0123456789ab", "10.213.0.1", "02:42:0a:d5:00:05", NET_ID);
    }

    @Test
    void aContainerOnTheDefaultBridgeHasTopLevelAddressesPortsAndItsNetwork() throws Exception {
        JsonNode n = JSON.valueToTree(NetworkSettings.of("bridge",
                endpoint("bridge", List.of(new PortBinding("127.0.0.1", 8080, 80, "tcp"), new PortBinding("0.0.0.0", 5353, 53, "udp"))),
                List.of("443/tcp", "53/udp", "80/tcp"), 4242));
        assertEquals(JSON.readTree("""
                {"80/tcp":[{"HostIp":"127.0.0.1","HostPort":"8080"}],"53/udp":[{"HostIp":"0.0.0.0","HostPort":"5353"}],
                 "443/tcp":null}"""), n.get("Ports"));
        assertEquals("10.213.0.5", n.get("IPAddress").asText());
        assertEquals(24, n.get("IPPrefixLen").asInt());
        assertEquals("10.213.0.1", n.get("Gateway").asText());
        assertEquals("02:42:0a:d5:00:05", n.get("MacAddress").asText());
        assertEquals("/proc/4242/ns/net", n.get("SandboxKey").asText());
        JsonNode bridge = n.get("Networks").get("bridge");
        assertEquals("10.213.0.5", bridge.get("IPAddress").asText());
        assertEquals("10.213.0.1", bridge.get("Gateway").asText());
        assertEquals("02:42:0a:d5:00:05", bridge.get("MacAddress").asText());
        assertEquals(NET_ID, bridge.get("NetworkID").asText());
        assertEquals(24, bridge.get("IPPrefixLen").asInt());
        assertEquals(1, n.get("Networks").size());
    }

    @Test
    void onAUserNetworkTheTopLevelFieldsStayEmptyAsInDocker() {
        JsonNode n = JSON.valueToTree(NetworkSettings.of("mynet", endpoint("mynet", List.of()), null, 7));
        assertEquals("", n.get("IPAddress").asText());
        assertEquals("", n.get("Gateway").asText());
        assertEquals(0, n.get("IPPrefixLen").asInt());
        assertEquals("10.213.0.5", n.get("Networks").get("mynet").get("IPAddress").asText());
        assertEquals(List.of("web", "0123456789ab"),
                JSON.convertValue(n.get("Networks").get("mynet").get("DNSNames"), List.class));
        assertEquals(0, n.get("Ports").size());
    }

    @Test
    void stoppedOrUnbridgedContainersHaveEmptyValues() {
        JsonNode stopped = JSON.valueToTree(NetworkSettings.of("bridge", null, List.of("80/tcp"), 0));
        assertEquals(0, stopped.get("Ports").size(), "Docker shows no ports while a container is not running");
        assertEquals("", stopped.get("Networks").get("bridge").get("IPAddress").asText());
        assertEquals("", stopped.get("SandboxKey").asText());
        JsonNode none = JSON.valueToTree(NetworkSettings.of("none", null, null, 9));
        assertEquals(List.of("none"), List.copyOf(JSON.convertValue(none.get("Networks"), java.util.Map.class).keySet()));
        JsonNode joined = JSON.valueToTree(NetworkSettings.of("container:web", null, null, 9));
        assertEquals(0, joined.get("Networks").size());
    }

    @Test
    void portBindingsAreHostConfigsMapOfTheNormalizedPublishValues() throws Exception {
        assertEquals(JSON.readTree("""
                {"80/tcp":[{"HostIp":"127.0.0.1","HostPort":"8080"},{"HostIp":"","HostPort":"8081"}],
                 "53/udp":[{"HostIp":"","HostPort":""}]}"""),
                JSON.valueToTree(NetworkSettings.portBindings(List.of("127.0.0.1:8080:80/tcp", "8081:80/tcp", ":53/udp"))));
        assertEquals(0, NetworkSettings.portBindings(null).size());
    }
}
