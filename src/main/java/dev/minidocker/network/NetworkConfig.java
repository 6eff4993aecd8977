package dev.minidocker.network;

import com.fasterxml.jackson.annotation.JsonIgnore;
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
 * @param options the driver options the user gave (shown by inspect exactly so: compose compares them)
 * @param labels  the user's labels
 * @param internal {@code --internal}: its containers reach each other and the host's gateway address,
 *                nothing beyond (no default route, no masquerade, forwarding off the bridge dropped)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NetworkConfig(
        @JsonProperty("Name") String name,
        @JsonProperty("Id") String id,
        @JsonProperty("Driver") String driver,
        @JsonProperty("Bridge") String bridge,
        @JsonProperty("Subnet") String subnet,
        @JsonProperty("Created") String created,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
        @JsonProperty("Options") java.util.Map<String, String> options,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
        @JsonProperty("Labels") java.util.Map<String, String> labels,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_DEFAULT)
        @JsonProperty("Internal") boolean internal) {

    public NetworkConfig {
        options = options == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(options));
        labels = labels == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(labels));
    }

    public NetworkConfig(String name, String id, String driver, String bridge, String subnet, String created) {
        this(name, id, driver, bridge, subnet, created, null, null, false);
    }

    public static final String DEFAULT = "bridge";

    @JsonIgnore
    public Subnet parsedSubnet() {
        return Subnet.parse(subnet);
    }

    @JsonIgnore
    public String gateway() {
        return Subnet.format(parsedSubnet().gateway());
    }

    /** The default network has no name resolution between containers, as in Docker. */
    @JsonIgnore
    public boolean isDefault() {
        return DEFAULT.equals(name);
    }
}
