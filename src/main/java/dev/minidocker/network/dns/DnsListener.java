package dev.minidocker.network.dns;

import dev.minidocker.linux.NetNamespace;
import dev.minidocker.linux.ThrowawayThread;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;

/**
 * A UDP and a TCP socket on one address for one container. The sockets belong to the network
 * namespace they were created in, not to the thread that uses them: created on a throwaway thread
 * that entered the container's namespace (so 127.0.0.11 is the container's own loopback), they are
 * then served by the daemon's threads in the host's namespace. Nothing is added to the container:
 * no process, no device, no firewall rule.
 *
 * @param containerId whose queries arrive here
 * @param udp         bound, blocking
 * @param tcp         bound and listening, blocking
 */
record DnsListener(String containerId, DatagramChannel udp, ServerSocketChannel tcp) implements AutoCloseable {
    /** Binds in the calling thread's network namespace (tests: an address on the host's 127.0.0.0/8). */
    static DnsListener bind(String containerId, InetSocketAddress address) {
        // port 0 (tests): the kernel's free UDP port may be a taken TCP one; another pick then
        for (int attempt = 1; address.getPort() == 0 && attempt < 10; attempt++) {
            try {
                return bindOnce(containerId, address);
            } catch (UncheckedIOException tcpPortTaken) {
                // try another port
            }
        }
        return bindOnce(containerId, address);
    }

    private static DnsListener bindOnce(String containerId, InetSocketAddress address) {
        DatagramChannel udp = null;
        try {
            udp = DatagramChannel.open(StandardProtocolFamily.INET);
            udp.bind(address);
            InetSocketAddress bound = (InetSocketAddress) udp.getLocalAddress();
            ServerSocketChannel tcp = ServerSocketChannel.open(StandardProtocolFamily.INET);
            try {
                tcp.bind(bound, 64);
            } catch (IOException e) {
                tcp.close();
                throw e;
            }
            return new DnsListener(containerId, udp, tcp);
        } catch (IOException e) {
            closeQuietly(udp);
            throw new UncheckedIOException("bind the DNS resolver of " + containerId + " to " + address + ": " + e.getMessage(), e);
        }
    }

    /** Binds inside the network namespace at {@code netnsPath} (/proc/PID/ns/net). */
    static DnsListener bindIn(String netnsPath, String containerId, InetSocketAddress address) {
        return ThrowawayThread.call("minidocker-dns-bind", () -> {
            NetNamespace.enter(netnsPath);
            return bind(containerId, address);
        });
    }

    InetSocketAddress address() {
        try {
            return (InetSocketAddress) udp.getLocalAddress();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        closeQuietly(udp);
        closeQuietly(tcp);
    }

    private static void closeQuietly(java.io.Closeable c) {
        if (c == null) return;
        try {
            c.close();
        } catch (IOException ignored) {
            // closing a socket we own; nothing to do about a failure
        }
    }
}
