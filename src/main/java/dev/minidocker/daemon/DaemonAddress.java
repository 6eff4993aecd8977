package dev.minidocker.daemon;

import dev.minidocker.MiniDockerException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;

/**
 * Where the daemon listens, written as Docker writes it: {@code unix:///run/minidocker.sock} or
 * {@code tcp://127.0.0.1:2375}. TCP is accepted on loopback addresses only: the API can start
 * containers as root, so it must never be reachable from the network.
 */
public record DaemonAddress(Path unixPath, InetSocketAddress tcp) {

    public static DaemonAddress unix(Path path) {
        return new DaemonAddress(path.toAbsolutePath(), null);
    }

    /** Parses {@code unix:///path}, a bare absolute path, {@code tcp://HOST:PORT} or {@code HOST:PORT}. */
    public static DaemonAddress parse(String spec) {
        if (spec.startsWith("unix://")) return unix(Path.of(spec.substring("unix://".length())));
        if (spec.startsWith("/")) return unix(Path.of(spec));
        String hostPort = spec.startsWith("tcp://") ? spec.substring("tcp://".length()) : spec;
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0) throw new MiniDockerException("invalid daemon address " + spec + ": expected unix:///PATH or tcp://127.0.0.1:PORT");
        String host = hostPort.substring(0, colon);
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new MiniDockerException("invalid port in daemon address " + spec);
        }
        if (port < 1 || port > 65535) throw new MiniDockerException("invalid port in daemon address " + spec);
        InetAddress addr;
        try {
            addr = InetAddress.getByName(host.replace("[", "").replace("]", ""));
        } catch (UnknownHostException e) {
            throw new MiniDockerException("invalid host in daemon address " + spec);
        }
        if (!addr.isLoopbackAddress()) {
            throw new MiniDockerException("refusing to listen on " + host + ": the API is served on loopback addresses only (127.0.0.1)");
        }
        return new DaemonAddress(null, new InetSocketAddress(addr, port));
    }

    public boolean isUnix() {
        return unixPath != null;
    }

    public SocketAddress socketAddress() {
        return isUnix() ? UnixDomainSocketAddress.of(unixPath) : tcp;
    }

    /**
     * The listen queue: connections the kernel holds until the server accepts them. A burst of
     * clients (Go's non-blocking connect fails at once with EAGAIN on a full UNIX socket queue)
     * must not be refused while the daemon is busy; the kernel caps it at net.core.somaxconn.
     */
    static final int BACKLOG = 4096;

    /** A server channel bound to this address (the caller made sure no stale socket file is in the way). */
    ServerSocketChannel bind() throws IOException {
        ServerSocketChannel ch = ServerSocketChannel.open(isUnix() ? StandardProtocolFamily.UNIX
                : tcp.getAddress() instanceof java.net.Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        try {
            ch.bind(socketAddress(), BACKLOG);
            return ch;
        } catch (IOException e) {
            ch.close();
            throw new MiniDockerException("cannot listen on " + this + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return isUnix() ? "unix://" + unixPath : "tcp://" + tcp.getHostString() + ":" + tcp.getPort();
    }
}
