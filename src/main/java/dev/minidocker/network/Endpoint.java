package dev.minidocker.network;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A container's place on a network, kept as {@code containers/<id>/network.json} while it runs so
 * that teardown, rm, {@code port} and the reconciler after a crash know what to remove.
 *
 * @param network   the network's name
 * @param bridge    its bridge device
 * @param address   the container's IPv4 address
 * @param prefix    the subnet's prefix length
 * @param hostVeth  the host end of the veth pair
 * @param name      the container's name (for other containers' /etc/hosts)
 * @param hostname  the container's hostname
 * @param ports     published ports
 * @param portTable the nft table holding this container's DNAT rules, or null without ports
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Endpoint(
        @JsonProperty("Network") String network,
        @JsonProperty("Bridge") String bridge,
        @JsonProperty("IPAddress") String address,
        @JsonProperty("IPPrefixLen") int prefix,
        @JsonProperty("HostVeth") String hostVeth,
        @JsonProperty("Name") String name,
        @JsonProperty("Hostname") String hostname,
        @JsonProperty("Ports") List<PortBinding> ports,
        @JsonProperty("PortTable") String portTable) {

    public Endpoint {
        ports = ports == null ? List.of() : List.copyOf(ports);
    }
}
