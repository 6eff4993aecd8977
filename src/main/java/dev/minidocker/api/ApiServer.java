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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP/1.1 server on already-bound server channels (a UNIX socket, optionally loopback TCP).
 * Each connection is a virtual thread, so a thousand idle or slow clients cost a thousand parked
 * virtual threads (a few KiB each), not a thousand OS threads; requests run their handler on a
 * pooled platform thread (see {@link HttpConnection} for why). Limits and timeouts are those of
 * {@link HttpLimits}. Keep-alive is supported.
 */
public final class ApiServer implements AutoCloseable {
    private static final long HANDLER_STACK = 512 * 1024;
    private final Router router;
    private final Map<String, String> commonHeaders;
    private final HttpLimits limits;
    private final ReadDeadlines deadlines;
    private final ExecutorService handlers;
    private final List<ServerSocketChannel> listeners = new CopyOnWriteArrayList<>();
    private final Set<SocketChannel> connections = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** @param commonHeaders sent on every response (Docker's Api-Version, Server, OSType ...) */
    public ApiServer(Router router, Map<String, String> commonHeaders) {
        this(router, commonHeaders, HttpLimits.DEFAULTS);
    }

    public ApiServer(Router router, Map<String, String> commonHeaders, HttpLimits limits) {
        this.router = router;
        this.commonHeaders = Map.copyOf(commonHeaders);
        this.limits = limits;
        this.deadlines = new ReadDeadlines(limits);
        // Platform threads on demand, kept 30 s for the next request: a handler may block for as
        // long as a container runs, so the pool has no upper bound (connections are the bound).
        this.handlers = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                Thread.ofPlatform().daemon().name("api-handler-", 0).stackSize(HANDLER_STACK).factory());
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

    /** Connections open now (idle ones included). */
    public int openConnections() {
        return connections.size();
    }

    private void acceptLoop(ServerSocketChannel listener) {
        while (!closed) {
            try {
                SocketChannel ch = listener.accept();
                connections.add(ch);
                Thread.ofVirtual().name("api-conn").start(() -> {
                    try {
                        new HttpConnection(ch, router, commonHeaders, limits, deadlines, handlers).run();
                    } finally {
                        connections.remove(ch);
                    }
                });
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (closed) return;
                System.err.println("mini-docker daemon: accept failed: " + e.getMessage());
                pauseAfterFailedAccept();
            }
        }
    }

    /** Out of descriptors (EMFILE) accept fails at once, again and again: do not spin on it. */
    private static void pauseAfterFailedAccept() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
        deadlines.close();
        handlers.shutdown();
    }
}
