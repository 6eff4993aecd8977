package dev.minidocker.network;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A network as {@code <root>/networks/<name>.json} keeps it.
 *
 * @param name    "bridge" for the default network, else the user's name
 * @param id      64 hex characters
 * @param driver  always "bridge"
 * @param bridge  the Linux bridge device (at most 15 characters)
 * @param subnet  CIDR; the first host address is the gateway, on the bridge
 * @param created ISO-8601 instant
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NetworkConfig(
        @JsonProperty("Name") String name,
        @JsonProperty("Id") String id,
        @JsonProperty("Driver") String driver,
        @JsonProperty("Bridge") String bridge,
        @JsonProperty("Subnet") String subnet,
        @JsonProperty("Created") String created) {

    public static final String DEFAULT = "bridge";

    public Subnet parsedSubnet() {
        return Subnet.parse(subnet);
    }

    public String gateway() {
        return Subnet.format(parsedSubnet().gateway());
    }

    /** The default network has no name resolution between containers, as in Docker. */
    public boolean isDefault() {
        return DEFAULT.equals(name);
    }
}
