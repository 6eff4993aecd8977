package dev.minidocker.model;

import dev.minidocker.MiniDockerException;

/**
 * One {@code -p} value: {@code [HOST_IP:][HOST_PORT]:CONTAINER_PORT[/tcp|udp]} or just
 * {@code CONTAINER_PORT[/PROTO]}. Host port 0 means "pick a free one"; host IP null means every
 * local address (Docker's 0.0.0.0). Parsed without lambdas or regular expressions: the lean client of
 * {@code run} parses -p with it. Whether a host IP is this host's is network.HostAddresses' check.
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
        if (v.startsWith("[") || colons(v) > 2) {
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
            else checkIpv4(hostIp); // IPv4 only; a bad address fails here with its text
        }
        int hp = hostPort.isEmpty() ? 0 : port(hostPort, value);
        return new PortSpec(hostIp, hp, port(containerPort, value), protocol);
    }

    /**
     * The Engine API's PortBindings entry: {@code key} "80/tcp" bound to a HostIp and HostPort (each
     * possibly empty). Checked as the same binding given to -p, with the same messages.
     */
    public static PortSpec of(String hostIp, String hostPort, String key) {
        return parse(hostIp.isEmpty() ? (hostPort.isEmpty() ? key : hostPort + ":" + key) : hostIp + ":" + hostPort + ":" + key);
    }


    /** Dotted decimal, as network.Subnet parses it (the same message); the address itself is checked later. */
    private static void checkIpv4(String dotted) {
        String[] p = dotted.split("\\.", -1);
        boolean ok = p.length == 4;
        for (int i = 0; ok && i < 4; i++) {
            ok = !p[i].isEmpty() && p[i].length() <= 3 && digits(p[i]) && Integer.parseInt(p[i]) <= 255;
        }
        if (!ok) throw new MiniDockerException("invalid IPv4 address " + dotted);
    }

    private static boolean digits(String s) {
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
        return true;
    }

    private static int colons(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) == ':') n++;
        return n;
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
