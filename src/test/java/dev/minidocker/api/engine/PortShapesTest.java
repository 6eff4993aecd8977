package dev.minidocker.api.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minidocker.api.model.ContainerCreateRequest;
import dev.minidocker.model.PortSpec;
import dev.minidocker.runtime.container.NetworkSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Ports between the Engine API's shapes and run's -p values. */
class PortShapesTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void createBodyPortBindingsBecomeRunsPublishValues() throws Exception {
        Map<String, List<ContainerCreateRequest.PortBinding>> bindings = JSON.readValue("""
                {"80/tcp":[{"HostIp":"127.0.0.1","HostPort":"8080"}],"81/tcp":[{"HostIp":"","HostPort":"9090"}],
                 "53/udp":[{"HostIp":"","HostPort":""}],"90/tcp":null,"91/tcp":[{"HostIp":"127.0.0.1","HostPort":""}]}""",
                JSON.getTypeFactory().constructMapType(LinkedHashMap.class, JSON.constructType(String.class),
                        JSON.getTypeFactory().constructCollectionType(List.class, ContainerCreateRequest.PortBinding.class)));
        List<PortSpec> ports = CreateRequestMapper.ports(bindings);
        // each as the same binding given to -p
        assertEquals(List.of(PortSpec.parse("127.0.0.1:8080:80/tcp"), PortSpec.parse("9090:81/tcp"), PortSpec.parse("53/udp"),
                PortSpec.parse("90/tcp"), PortSpec.parse("127.0.0.1::91/tcp")), ports);
        assertEquals(List.of("127.0.0.1:8080:80/tcp", "9090:81/tcp", ":53/udp", ":90/tcp", "127.0.0.1::91/tcp"),
                ports.stream().map(PortSpec::toString).toList());
        assertEquals(List.of(), CreateRequestMapper.ports(null));
    }

    @Test
    void psListsPublishedAndExposedPortsAsDockerDoes() throws Exception {
        Map<String, List<NetworkSettings.HostPort>> ports = new LinkedHashMap<>();
        ports.put("80/tcp", List.of(new NetworkSettings.HostPort("127.0.0.1", "8080")));
        ports.put("443/tcp", null);
        assertEquals(JSON.readTree("""
                [{"IP":"127.0.0.1","PrivatePort":80,"PublicPort":8080,"Type":"tcp"},{"PrivatePort":443,"Type":"tcp"}]"""),
                JSON.valueToTree(ContainerViews.ports(JSON.valueToTree(ports))));
    }
}
