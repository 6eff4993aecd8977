package dev.minidocker.network;

import dev.minidocker.MiniDockerException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One {@code -p} value: {@code [HOST_IP:][HOST_PORT]:CONTAINER_PORT[/tcp|udp]} or just
 * {@code CONTAINER_PORT[/PROTO]}. Host port 0 means "pick a free one"; host IP null means every
 * local address (Docker's 0.0.0.0).
 */
public record PortSpec(String hostIp, int hostPort, int containerPort, String protocol) {

    public static PortSpec parse(String value) {
        String v = value.trim();
        String protocol = "tcp";
        int slash = v.lastIndexOf('/');
        if (slash >= 0) {
            protocol = v.substring(slash + 1).toLowerCase(java.util.Locale.ROOT);
            v = v.substring(0, slash);
            if (!protocol.equals("tcp") && !protocol.equals("udp")) {
                throw new MiniDockerException("invalid port " + value + ": protocol must be tcp or udp");
            }
        }
        if (v.startsWith("[") || v.chars().filter(c -> c == ':').count() > 2) {
            throw new MiniDockerException("invalid port " + value + ": IPv6 host addresses are not supported, only IPv4");
        }
        String[] parts = v.split(":", -1);
        String hostIp = null;
        String hostPort = "";
        String containerPort;
        switch (parts.length) {
            case 1 -> containerPort = parts[0];
            case 2 -> { hostPort = parts[0]; containerPort = parts[1]; }
            case 3 -> { hostIp = parts[0]; hostPort = parts[1]; containerPort = parts[2]; }
            default -> throw new MiniDockerException("invalid port " + value
                    + ": expected [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/tcp|udp]");
        }
        if (hostIp != null) {
            if (hostIp.isEmpty() || hostIp.equals("0.0.0.0")) hostIp = null;
            else Subnet.parseIp(hostIp); // IPv4 only; a bad address fails here with its text
        }
        int hp = hostPort.isEmpty() ? 0 : port(hostPort, value);
        return new PortSpec(hostIp, hp, port(containerPort, value), protocol);
    }

    /**
     * Fails unless the host IP is one this machine has (or 127.0.0.0/8, all of which is local):
     * DNAT to an address the host never receives would publish nothing, silently.
     */
    public PortSpec requireLocalHostIp() {
        if (hostIp == null || hostIp.startsWith("127.")) return this;
        boolean local;
        try {
            local = java.net.NetworkInterface.getByInetAddress(Subnet.inet(Subnet.parseIp(hostIp))) != null;
        } catch (java.net.SocketException e) {
            throw new MiniDockerException("invalid port " + this + ": cannot list this host's addresses: " + e.getMessage());
        }
        if (!local) {
            throw new MiniDockerException("cannot publish on " + hostIp + ":" + (hostPort == 0 ? "<random>" : hostPort)
                    + ": " + hostIp + " is not an address of this host (use 127.0.0.1, 0.0.0.0 or a local address)");
        }
        return this;
    }

    /** -P: the image's ExposedPorts ("80/tcp": {}), each to a random host port. */
    public static List<PortSpec> exposed(Map<String, Object> exposedPorts) {
        List<PortSpec> specs = new ArrayList<>();
        if (exposedPorts != null) for (String key : exposedPorts.keySet()) specs.add(parse(key));
        return specs;
    }

    private static int port(String text, String value) {
        try {
            int p = Integer.parseInt(text);
            if (p >= 1 && p <= 65535) return p;
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new MiniDockerException("invalid port " + value + ": " + (text.isEmpty() ? "missing port" : "'" + text + "' is not a port"));
    }

    /** The normalized form kept in the container's HostConfig. */
    @Override
    public String toString() {
        return (hostIp == null ? "" : hostIp + ":") + (hostPort == 0 ? "" : hostPort) + ":" + containerPort + "/" + protocol;
    }
}
