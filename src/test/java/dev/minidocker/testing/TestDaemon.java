package dev.minidocker.testing;

import dev.minidocker.daemon.Daemon;
import dev.minidocker.daemon.DaemonAddress;
import dev.minidocker.daemon.DaemonOptions;
import dev.minidocker.runtime.container.ContainerRemove;
import dev.minidocker.runtime.host.CgroupManagerFactory;
import dev.minidocker.state.ContainerStore;
import java.nio.file.Path;

/**
 * A store's daemon for a root test, on {@code <root>/minidocker.sock} (where the CLI looks for it):
 * started in the test's JVM, and closed with every container of the store removed, so that nothing
 * a test started runs on.
 */
public final class TestDaemon implements AutoCloseable {
    private final Path root;
    private final Daemon daemon;

    private TestDaemon(Path root, Daemon daemon) {
        this.root = root;
        this.daemon = daemon;
    }

    public static TestDaemon start(Path root) {
        return new TestDaemon(root, Daemon.start(new DaemonOptions(root, DaemonAddress.unix(socketOf(root)), null, "root")));
    }

    public Path socket() {
        return socketOf(root);
    }

    /** The docker CLI against this daemon, its config in {@code dockerConfig}. */
    public DockerCli docker(Path dockerConfig) {
        return new DockerCli(socket(), dockerConfig);
    }

    private static Path socketOf(Path root) {
        return root.resolve("minidocker.sock");
    }

    @Override
    public void close() {
        daemon.close();
        removeContainers(root);
    }

    /** Every container of the store, forced out (for a test whose containers ran without this daemon too). */
    public static void removeContainers(Path root) {
        ContainerStore store = new ContainerStore(root);
        for (String id : store.ids()) new ContainerRemove(store, new CgroupManagerFactory()).remove(id, true);
    }
}
