package dev.minidocker.network.dns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Serves the listeners of every container on virtual threads: one blocked in receive per UDP
 * socket, one in accept per TCP socket, one per query and per TCP connection. A virtual thread
 * parked on a socket costs a few hundred bytes, so a hundred containers cost nothing noticeable,
 * and closing a listener ends its threads. Limits keep a noisy container from starving the others:
 * queries in flight (beyond: dropped, the client retries) and TCP connections (beyond: closed).
 */
final class DnsServer implements AutoCloseable {
    /** What answers: the wire reply for {@code containerId}'s query, or null to say nothing. */
    interface Handler {
        byte[] handle(String containerId, byte[] query, boolean tcp);
    }

    static final int MAX_IN_FLIGHT = 512;
    /** A query is a few dozen bytes; a larger datagram is cut and then fails to parse (dropped). */
    static final int MAX_QUERY = 4096;
    static final int MAX_TCP_CONNECTIONS = 64;
    /** How long a TCP connection may sit idle between queries (RFC 7766 asks for seconds). */
    static final int TCP_IDLE_MILLIS = 10_000;

    private final Handler handler;
    private final Map<String, DnsListener> listeners = new ConcurrentHashMap<>();
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final Semaphore tcpConnections = new Semaphore(MAX_TCP_CONNECTIONS);

    DnsServer(Handler handler) {
        this.handler = handler;
    }

    /** Starts serving {@code listener}, replacing (and closing) what its container had. */
    void serve(DnsListener listener) {
        DnsListener old = listeners.put(listener.containerId(), listener);
        if (old != null) old.close();
        Thread.ofVirtual().name("minidocker-dns-udp").start(() -> udpLoop(listener));
        Thread.ofVirtual().name("minidocker-dns-tcp").start(() -> acceptLoop(listener));
    }

    void stop(String containerId) {
        DnsListener l = listeners.remove(containerId);
        if (l != null) l.close();
    }

    boolean serving(String containerId) {
        return listeners.containsKey(containerId);
    }

    @Override
    public void close() {
        for (String id : listeners.keySet()) stop(id);
    }

    private void udpLoop(DnsListener l) {
        ByteBuffer buf = ByteBuffer.allocate(MAX_QUERY);
        while (true) {
            SocketAddress client;
            try {
                buf.clear();
                client = l.udp().receive(buf);
            } catch (ClosedChannelException closed) {
                return;
            } catch (IOException e) {
                if (!l.udp().isOpen()) return;
                continue; // an ICMP error for an earlier reply: the socket goes on
            }
            if (!inFlight.tryAcquire()) continue;
            byte[] query = Arrays.copyOf(buf.array(), buf.position());
            Thread.ofVirtual().name("minidocker-dns-query").start(() -> {
                try {
                    byte[] reply = handler.handle(l.containerId(), query, false);
                    if (reply != null) l.udp().send(ByteBuffer.wrap(reply), client);
                } catch (IOException | RuntimeException lost) {
                    // the container stopped, or its client went away: nobody to tell
                } finally {
                    inFlight.release();
                }
            });
        }
    }

    private void acceptLoop(DnsListener l) {
        while (true) {
            SocketChannel c;
            try {
                c = l.tcp().accept();
            } catch (IOException closed) {
                if (!l.tcp().isOpen()) return;
                continue;
            }
            if (!tcpConnections.tryAcquire()) {
                closeQuietly(c);
                continue;
            }
            Thread.ofVirtual().name("minidocker-dns-tcp-conn").start(() -> {
                try {
                    serveConnection(l.containerId(), c);
                } finally {
                    closeQuietly(c);
                    tcpConnections.release();
                }
            });
        }
    }

    /** Length-prefixed queries, answered in order, until the client closes or stays idle. */
    private void serveConnection(String containerId, SocketChannel c) {
        try {
            c.socket().setSoTimeout(TCP_IDLE_MILLIS);
            DataInputStream in = new DataInputStream(c.socket().getInputStream());
            DataOutputStream out = new DataOutputStream(c.socket().getOutputStream());
            while (true) {
                int length = in.readUnsignedShort();
                byte[] query = new byte[length];
                in.readFully(query);
                byte[] reply = handler.handle(containerId, query, true);
                if (reply == null) return;
                out.writeShort(reply.length);
                out.write(reply);
                out.flush();
            }
        } catch (EOFException | SocketTimeoutException done) {
            // the client is finished, or idle too long
        } catch (IOException | RuntimeException broken) {
            // reset by the client, or the listener closed
        }
    }

    private static void closeQuietly(SocketChannel c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // already gone
        }
    }
}
