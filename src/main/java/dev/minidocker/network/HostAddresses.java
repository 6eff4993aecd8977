package dev.minidocker.network;

import dev.minidocker.MiniDockerException;
import dev.minidocker.model.PortSpec;

/** This host's addresses, as a published port's host IP must be one of them. */
public final class HostAddresses {
    private HostAddresses() {}

    /**
     * {@code spec}, unless its host IP is not one this machine has (127.0.0.0/8 is all local):
     * DNAT to an address the host never receives would publish nothing, silently.
     */
    public static PortSpec requireLocal(PortSpec spec) {
        String hostIp = spec.hostIp();
        if (hostIp == null || hostIp.startsWith("127.")) return spec;
        boolean local;
        try {
            local = java.net.NetworkInterface.getByInetAddress(Subnet.inet(Subnet.parseIp(hostIp))) != null;
        } catch (java.net.SocketException e) {
            throw new MiniDockerException("invalid port " + spec + ": cannot list this host's addresses: " + e.getMessage());
        }
        if (!local) {
            throw new MiniDockerException("cannot publish on " + hostIp + ":" + (spec.hostPort() == 0 ? "<random>" : spec.hostPort())
                    + ": " + hostIp + " is not an address of this host (use 127.0.0.1, 0.0.0.0 or a local address)");
        }
        return spec;
    }
}
