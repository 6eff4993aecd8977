package dev.minidocker.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.RootOnly;
import dev.minidocker.daemon.Daemon;
import dev.minidocker.daemon.DaemonAddress;
import dev.minidocker.daemon.DaemonOptions;
import dev.minidocker.runtime.container.ContainerRemove;
import dev.minidocker.runtime.host.CgroupManagerFactory;
import dev.minidocker.state.ContainerStore;
import dev.minidocker.testing.DockerCli;
import dev.minidocker.testing.LocalRegistry;
import dev.minidocker.testing.StoreLeaks;
import dev.minidocker.testing.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Docker SDK for Python (Debian's python3-docker) drives networks, volumes, connect with
 * aliases and disconnect of a running container, through the daemon's socket: the script
 * (src/test/resources/clients/dockerpy_networks_volumes.py) checks each step and prints "ok".
 * The daemon's DNS forwards to an empty resolv.conf: nothing leaves the machine.
 */
@RootOnly
@Timeout(300)
class DockerPyRootTest {
    @TempDir
    Path tmp;
    private Path root;
    private Daemon daemon;
    private StoreLeaks leaks;

    @BeforeEach
    void start() throws Exception {
        Process probe = new ProcessBuilder("python3", "-c", "import docker").redirectErrorStream(true).start();
        Assumptions.assumeTrue(probe.waitFor() == 0, "python3-docker is not installed (.ci/run installs it)");
        root = tmp.resolve("store");
        leaks = StoreLeaks.watch(root);
        Path resolvConf = Files.writeString(tmp.resolve("resolv.conf"), "# no upstreams\n");
        System.setProperty("minidocker.dns.resolvConf", resolvConf.toString());
        daemon = Daemon.start(new DaemonOptions(root, DaemonAddress.unix(root.resolve("md.sock")), null, "root"));
    }

    @AfterEach
    void stop() {
        try {
            if (daemon != null) daemon.close();
            ContainerStore store = new ContainerStore(root);
            for (String id : store.ids()) new ContainerRemove(store, new CgroupManagerFactory()).remove(id, true);
        } finally {
            System.clearProperty("minidocker.dns.resolvConf");
            leaks.assertNothingLeft();
        }
    }

    @Test
    void networksVolumesConnectAndDisconnect() throws Exception {
        String image = LocalRegistry.shared().push(TestImages.busybox(), "engine/busybox", TestImages.TAG);
        new DockerCli(root.resolve("md.sock"), Files.createDirectories(tmp.resolve("docker-config"))).run("pull", "-q", image).ok();
        Path script = tmp.resolve("script.py");
        try (var in = DockerPyRootTest.class.getResourceAsStream("/clients/dockerpy_networks_volumes.py")) {
            Files.write(script, in.readAllBytes());
        }
        ProcessBuilder pb = new ProcessBuilder("python3", script.toString(), image).redirectErrorStream(true);
        pb.environment().put("DOCKER_HOST", "unix://" + root.resolve("md.sock"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(240, TimeUnit.SECONDS), out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.strip().endsWith("ok"), out);
    }
}
