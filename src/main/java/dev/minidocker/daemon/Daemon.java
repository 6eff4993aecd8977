package dev.minidocker.daemon;

import dev.minidocker.json.Json;
import dev.minidocker.MiniDockerException;
import dev.minidocker.api.ApiServer;
import dev.minidocker.api.engine.EngineApi;
import dev.minidocker.engine.Engine;
import dev.minidocker.fs.StoreFiles;
import dev.minidocker.fs.StoreRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;

/**
 * The long-lived process that owns detached containers and serves the Docker Engine API. Start
 * order: the per-root lock (one daemon per store), the UNIX socket (mode 0660, root group), an
 * optional loopback TCP listener, then {@code daemon.json} so clients find it. {@link #close()}
 * undoes it in reverse; containers are not touched, they keep running without the daemon.
 */
public final class Daemon implements AutoCloseable {
    private final DaemonPaths paths;
    private final DaemonOptions options;
    private final DaemonLock lock;
    private final EngineApi engine;
    private final ApiServer server;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean closed;

    private Daemon(DaemonPaths paths, DaemonOptions options, DaemonLock lock, EngineApi engine, ApiServer server) {
        this.paths = paths;
        this.options = options;
        this.lock = lock;
        this.engine = engine;
        this.server = server;
    }

    /** Starts listening; fails if another daemon runs for the same root. */
    public static Daemon start(DaemonOptions options) {
        StoreRoot.open(options.root()); // the daemon trusts the store for as long as it runs
        DaemonPaths paths = new DaemonPaths(options.root());
        DaemonLock lock = DaemonLock.acquire(paths);
        EngineApi engine = null;
        ApiServer server = null;
        try {
            engine = new EngineApi(paths.root());
            server = new ApiServer(engine.router(), engine.commonHeaders());
            Path socket = options.socket().unixPath();
            removeStaleSocket(socket);
            Files.createDirectories(socket.getParent());
            // Bind and restrict first, publish daemon.json, and only then accept: whoever gets an
            // answer can rely on the socket's mode and on daemon.json.
            var unixListener = options.socket().bind();
            var tcpListener = options.tcp() != null ? options.tcp().bind() : null;
            server.own(unixListener);
            if (tcpListener != null) server.own(tcpListener);
            restrict(socket, options.group(), paths.root());
            int adopted = engine.adoptContainers();
            if (adopted > 0) System.err.println("mini-docker daemon: found " + adopted + " running container(s) again");
            Daemon d = new Daemon(paths, options, lock, engine, server);
            d.writeInfo();
            server.serve(unixListener);
            if (tcpListener != null) server.serve(tcpListener);
            engine.warmUp();
            JarWatch.start(d::close);
            return d;
        } catch (IOException | RuntimeException e) {
            if (server != null) server.close();
            if (engine != null) engine.close();
            deleteQuietly(options.socket().unixPath());
            lock.close();
            if (e instanceof IOException io) throw new MiniDockerException("start daemon: " + io.getMessage(), io);
            throw (RuntimeException) e;
        }
    }

    /** We hold the root's lock, so a socket file left at our address belongs to a dead daemon. */
    private static void removeStaleSocket(Path socket) throws IOException {
        if (!Files.exists(socket, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        BasicFileAttributes a = Files.readAttributes(socket, BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        if (!a.isOther()) throw new MiniDockerException(socket + " exists and is not a socket");
        if (DaemonClient.answers(DaemonAddress.unix(socket))) {
            throw new MiniDockerException("another daemon (of another store root) listens on " + socket);
        }
        Files.delete(socket);
    }

    /**
     * Mode 0660 and the configured group: only root (and that group) may drive containers. A socket
     * in the store root (any root but the default) is reached through it: the root, 0710 at most,
     * gets the group too, as Docker's /var/lib/docker does for its remapped root. Its members may
     * enter the root but list nothing and enter none of its 0700 directories.
     */
    private static void restrict(Path socket, String group, Path root) throws IOException {
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
        if (group == null) return;
        GroupPrincipal principal = socket.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(group);
        Files.getFileAttributeView(socket, PosixFileAttributeView.class).setGroup(principal);
        if (socket.toAbsolutePath().normalize().startsWith(root)) {
            Files.getFileAttributeView(root, PosixFileAttributeView.class).setGroup(principal);
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx--x---"));
        }
    }

    private void writeInfo() throws IOException {
        DaemonInfo info = new DaemonInfo(ProcessHandle.current().pid(), options.socket().toString(),
                options.tcp() == null ? null : options.tcp().toString(), Instant.now().toString());
        Path tmp = paths.infoFile().resolveSibling(".daemon.json.tmp");
        StoreFiles.write(tmp, Json.MAPPER.writeValueAsBytes(info));
        Files.move(tmp, paths.infoFile(), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** The engine this daemon serves (tests read its stage 2 pool's counters through it). */
    public Engine engine() {
        return engine.engine();
    }

    public DaemonAddress address() {
        return options.socket();
    }

    /** Blocks until {@link #close()} (from a shutdown hook on SIGTERM/SIGINT, or a test). */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** Stops serving and releases the root; running containers are left alone. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        deleteQuietly(paths.infoFile());
        server.close();
        engine.close();
        deleteQuietly(options.socket().unixPath());
        lock.close();
        stopped.countDown();
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort while stopping
        }
    }
}
