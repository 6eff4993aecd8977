package dev.minidocker.network;

import dev.minidocker.model.PortBinding;
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
 * @param gateway   the network's gateway (the bridge's address)
 * @param mac       eth0's MAC, derived from the address as Docker did it (02:42 + the four bytes)
 * @param networkId the network's id
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
        @JsonProperty("PortTable") String portTable,
        @JsonProperty("Gateway") String gateway,
        @JsonProperty("MacAddress") String mac,
        @JsonProperty("NetworkID") String networkId) {

    public Endpoint {
        ports = ports == null ? List.of() : List.copyOf(ports);
    }

    /**
     * The MAC of a container with IPv4 address {@code ip}: 02:42 (unicast, locally administered)
     * and the address's four bytes. The same address always gets the same MAC, so neighbours'
     * ARP caches never point a reused address at a container that is gone.
     */
    public static byte[] macFor(int ip) {
        return new byte[] {0x02, 0x42, (byte) (ip >>> 24), (byte) (ip >>> 16), (byte) (ip >>> 8), (byte) ip};
    }

    /** "02:42:0a:d5:00:02". */
    public static String formatMac(byte[] mac) {
        StringBuilder b = new StringBuilder();
        for (byte x : mac) b.append(b.isEmpty() ? "" : ":").append(String.format("%02x", x & 0xff));
        return b.toString();
    }
}
