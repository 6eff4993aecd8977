package dev.minidocker.testing;

import dev.minidocker.Privileges;
import dev.minidocker.network.NetworkManager;
import dev.minidocker.network.NetworkStore;
import dev.minidocker.state.ContainerStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * After the whole test run: bridges and nft tables that tests' temporary stores left (a store's
 * bridge outlives its containers by design) are removed by one {@code network prune}, which drops
 * everything whose store directory is gone. Only as root; a failure here never fails the run.
 */
public final class NetworkLeftovers implements LauncherSessionListener {
    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (!Privileges.isRoot()) return;
        try {
            Path scratch = Files.createTempDirectory("md-net-prune");
            try {
                new NetworkManager(new NetworkStore(scratch), new ContainerStore(scratch)).prune();
            } finally {
                dev.minidocker.fs.AtomicFiles.deleteTree(scratch);
            }
        } catch (Exception | LinkageError e) {
            System.err.println("network leftovers not removed: " + e);
        }
    }
}
