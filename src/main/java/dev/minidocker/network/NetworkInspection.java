package dev.minidocker.network;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A network in the shape of Docker's {@code GET /networks/{id}} and {@code docker network
 * inspect}: the IPAM config, the bridge's name, and the containers on it with their addresses.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record NetworkInspection(
        @JsonProperty("Name") String name,
        @JsonProperty("Id") String id,
        @JsonProperty("Created") String created,
        @JsonProperty("Scope") String scope,
        @JsonProperty("Driver") String driver,
        @JsonProperty("EnableIPv6") boolean enableIpv6,
        @JsonProperty("IPAM") Ipam ipam,
        @JsonProperty("Internal") boolean internal,
        @JsonProperty("Attachable") boolean attachable,
        @JsonProperty("Ingress") boolean ingress,
        @JsonProperty("ConfigFrom") Map<String, String> configFrom,
        @JsonProperty("ConfigOnly") boolean configOnly,
        @JsonProperty("Containers") Map<String, Member> containers,
        @JsonProperty("Options") Map<String, String> options,
        @JsonProperty("Labels") Map<String, String> labels) {

    public record Ipam(@JsonProperty("Driver") String driver, @JsonProperty("Options") Map<String, String> options,
                       @JsonProperty("Config") List<Map<String, String>> config) {}

    /** One container on the network: Docker's {@code Containers.<id>}. */
    public record Member(@JsonProperty("Name") String name, @JsonProperty("EndpointID") String endpointId,
                         @JsonProperty("MacAddress") String macAddress, @JsonProperty("IPv4Address") String ipv4Address,
                         @JsonProperty("IPv6Address") String ipv6Address) {}

    /** {@code endpoints}: container id -> its endpoint, for the containers on the network now. */
    public static NetworkInspection of(NetworkConfig n, Map<String, Endpoint> endpoints) {
        Map<String, Member> members = new LinkedHashMap<>();
        endpoints.forEach((id, e) -> members.put(id, new Member(String.valueOf(e.name()), "",
                e.mac() == null ? "" : e.mac(), e.address() + "/" + e.prefix(), "")));
        return new NetworkInspection(n.name(), n.id(), n.created(), "local", n.driver(), false,
                new Ipam("default", null, List.of(Map.of("Subnet", n.subnet(), "Gateway", n.gateway()))),
                n.internal(), false, false, Map.of("Network", ""), false, members,
                // Docker's default network shows its bridge; a user network exactly the options it was given
                n.isDefault() ? Map.of("com.docker.network.bridge.name", n.bridge()) : n.options(), n.labels());
    }
}
