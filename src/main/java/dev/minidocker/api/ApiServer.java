package dev.minidocker.api;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP/1.1 server on already-bound server channels (a UNIX socket, optionally loopback TCP).
 * Each connection gets its own small platform thread, not a virtual one: handlers block in FFM
 * downcalls (waitpid, poll on a pidfd), which pin a virtual thread's carrier, and with one
 * carrier per core two waiting clients would stall every other request. Connections to a local
 * daemon are few, and an idle thread costs little resident memory. Keep-alive is supported.
 */
public final class ApiServer implements AutoCloseable {
    private static final long CONNECTION_STACK = 512 * 1024;
    private final Router router;
    private final Map<String, String> commonHeaders;
    private final List<ServerSocketChannel> listeners = new CopyOnWriteArrayList<>();
    private final Set<SocketChannel> connections = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** @param commonHeaders sent on every response (Docker's Api-Version, Server, OSType ...) */
    public ApiServer(Router router, Map<String, String> commonHeaders) {
        this.router = router;
        this.commonHeaders = Map.copyOf(commonHeaders);
    }

    /** Hands {@code listener} to the server, which closes it on {@link #close()}, without accepting yet. */
    public void own(ServerSocketChannel listener) {
        if (!listeners.contains(listener)) listeners.add(listener);
    }

    /** Starts accepting on {@code listener}; the server owns and closes it. */
    public void serve(ServerSocketChannel listener) {
        own(listener);
        Thread.ofPlatform().daemon().name("api-accept").start(() -> acceptLoop(listener));
    }

    private void acceptLoop(ServerSocketChannel listener) {
        while (!closed) {
            try {
                SocketChannel ch = listener.accept();
                connections.add(ch);
                Thread.ofPlatform().daemon().name("api-conn").stackSize(CONNECTION_STACK).start(() -> {
                    try {
                        new HttpConnection(ch, router, commonHeaders).run();
                    } finally {
                        connections.remove(ch);
                    }
                });
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (closed) return;
                System.err.println("mini-docker daemon: accept failed: " + e.getMessage());
            }
        }
    }

    /** Stops accepting and closes every open connection (streams in progress end). */
    @Override
    public void close() {
        closed = true;
        for (ServerSocketChannel l : listeners) {
            try {
                l.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        for (SocketChannel c : connections) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
