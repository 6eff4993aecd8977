package dev.minidocker.runtime.container;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.minidocker.network.Endpoint;
import dev.minidocker.model.PortBinding;
import dev.minidocker.model.PortSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Docker's {@code NetworkSettings} of {@code inspect}: what {@code docker port}, {@code docker
 * inspect -f '{{.NetworkSettings.IPAddress}}'} and {@code {{range .NetworkSettings.Networks}}}
 * read. As in Docker the top-level address fields describe the default "bridge" network only (a
 * container on a user network has them empty and its values under {@code Networks.<name>}), and
 * {@code Ports} maps every published port to its host bindings and every exposed but unpublished
 * port to null, while the container is on its network.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record NetworkSettings(
        @JsonProperty("Bridge") String bridge,
        @JsonProperty("SandboxID") String sandboxId,
        @JsonProperty("SandboxKey") String sandboxKey,
        @JsonProperty("Ports") Map<String, List<HostPort>> ports,
        @JsonProperty("HairpinMode") boolean hairpinMode,
        @JsonProperty("LinkLocalIPv6Address") String linkLocalIpv6Address,
        @JsonProperty("LinkLocalIPv6PrefixLen") int linkLocalIpv6PrefixLen,
        @JsonProperty("SecondaryIPAddresses") List<String> secondaryIpAddresses,
        @JsonProperty("SecondaryIPv6Addresses") List<String> secondaryIpv6Addresses,
        @JsonProperty("EndpointID") String endpointId,
        @JsonProperty("Gateway") String gateway,
        @JsonProperty("GlobalIPv6Address") String globalIpv6Address,
        @JsonProperty("GlobalIPv6PrefixLen") int globalIpv6PrefixLen,
        @JsonProperty("IPAddress") String ipAddress,
        @JsonProperty("IPPrefixLen") int ipPrefixLen,
        @JsonProperty("IPv6Gateway") String ipv6Gateway,
        @JsonProperty("MacAddress") String macAddress,
        @JsonProperty("Networks") Map<String, EndpointSettings> networks) {

    /** One host binding of a container port; Docker writes the port as a string. */
    public record HostPort(@JsonProperty("HostIp") String hostIp, @JsonProperty("HostPort") String hostPort) {}

    /** {@code Networks.<name>}: the container's place on one network. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record EndpointSettings(
            @JsonProperty("IPAMConfig") Object ipamConfig,
            @JsonProperty("Links") List<String> links,
            @JsonProperty("Aliases") List<String> aliases,
            @JsonProperty("MacAddress") String macAddress,
            @JsonProperty("DriverOpts") Map<String, String> driverOpts,
            @JsonProperty("NetworkID") String networkId,
            @JsonProperty("EndpointID") String endpointId,
            @JsonProperty("Gateway") String gateway,
            @JsonProperty("IPAddress") String ipAddress,
            @JsonProperty("IPPrefixLen") int ipPrefixLen,
            @JsonProperty("IPv6Gateway") String ipv6Gateway,
            @JsonProperty("GlobalIPv6Address") String globalIpv6Address,
            @JsonProperty("GlobalIPv6PrefixLen") int globalIpv6PrefixLen,
            @JsonProperty("DNSNames") List<String> dnsNames) {

        static EndpointSettings of(Endpoint e, List<String> aliases) {
            List<String> names = null;
            if (!e.network().equals("bridge") && e.name() != null) {
                names = new ArrayList<>(List.of(e.name(), e.hostname()));
                if (aliases != null) for (String a : aliases) if (!names.contains(a)) names.add(a);
            }
            return new EndpointSettings(null, null, aliases, e.mac(), null, nz(e.networkId()), "", nz(e.gateway()),
                    e.address(), e.prefix(), "", "", 0, names);
        }

        static EndpointSettings detached(List<String> aliases) {
            return new EndpointSettings(null, null, aliases, "", null, "", "", "", "", 0, "", "", 0, null);
        }
    }

    /**
     * The settings of a container in network mode {@code networkMode} ("bridge", a user network,
     * "none", "host", "container:X"); {@code endpoint} is its place on a bridge while it has one,
     * {@code pid} its init's pid while it runs (0 otherwise).
     */
    public static NetworkSettings of(String networkMode, Endpoint endpoint, List<String> exposedPorts, long pid) {
        return of(networkMode, endpoint, exposedPorts, pid, null);
    }

    /**
     * As above; {@code aliases} are a user network's Aliases as Docker before API 1.45 shows them:
     * the user's (--network-alias, compose's service name) and the container's short id, which
     * compose reads to tell that a container is connected with its aliases already. Null elsewhere.
     */
    public static NetworkSettings of(String networkMode, Endpoint endpoint, List<String> exposedPorts, long pid,
                                     List<String> aliases) {
        String mode = networkMode == null ? "none" : networkMode;
        Map<String, EndpointSettings> networks = new LinkedHashMap<>();
        Map<String, List<HostPort>> ports = new LinkedHashMap<>();
        if (endpoint != null) {
            networks.put(endpoint.network(), EndpointSettings.of(endpoint, aliases));
            ports.putAll(ports(endpoint.ports(), exposedPorts));
        } else if (!mode.startsWith("container:")) {
            networks.put(mode, EndpointSettings.detached(aliases));
        }
        boolean onDefault = endpoint != null && endpoint.network().equals("bridge");
        return new NetworkSettings("", "", pid > 0 ? "/proc/" + pid + "/ns/net" : "", ports, false, "", 0, null, null,
                "", onDefault ? nz(endpoint.gateway()) : "", "", 0, onDefault ? endpoint.address() : "",
                onDefault ? endpoint.prefix() : 0, "", onDefault ? nz(endpoint.mac()) : "", networks);
    }

    /** {"80/tcp": [{"HostIp": "127.0.0.1", "HostPort": "8080"}], "443/tcp": null}. */
    static Map<String, List<HostPort>> ports(List<PortBinding> published, List<String> exposedPorts) {
        Map<String, List<HostPort>> ports = new LinkedHashMap<>();
        for (PortBinding p : published) {
            ports.computeIfAbsent(p.containerPort() + "/" + p.protocol(), k -> new ArrayList<>())
                    .add(new HostPort(p.hostIp(), Integer.toString(p.hostPort())));
        }
        if (exposedPorts != null) for (String k : exposedPorts) ports.putIfAbsent(k, null);
        return ports;
    }

    /** HostConfig.PortBindings from the normalized -p values: {"80/tcp": [{"HostIp": "", "HostPort": "8080"}]}. */
    public static Map<String, List<HostPort>> portBindings(List<String> normalized) {
        Map<String, List<HostPort>> out = new LinkedHashMap<>();
        if (normalized == null) return out;
        for (String value : normalized) {
            PortSpec s = PortSpec.parse(value);
            out.computeIfAbsent(s.containerPort() + "/" + s.protocol(), k -> new ArrayList<>())
                    .add(new HostPort(s.hostIp() == null ? "" : s.hostIp(), s.hostPort() == 0 ? "" : Integer.toString(s.hostPort())));
        }
        return out;
    }

    /** A user network's Aliases for a container (null on the default bridge and outside bridges). */
    public static List<String> aliases(String networkMode, String containerId, List<String> userAliases) {
        if (networkMode == null || networkMode.equals("bridge") || networkMode.equals("none") || networkMode.equals("host")
                || networkMode.startsWith("container:")) {
            return null;
        }
        List<String> out = new ArrayList<>(userAliases);
        if (!out.contains(containerId.substring(0, 12))) out.add(containerId.substring(0, 12));
        return out;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
