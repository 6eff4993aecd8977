package dev.minidocker.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.RootOnly;
import dev.minidocker.api.clients.TestcontainersMain;
import dev.minidocker.daemon.Daemon;
import dev.minidocker.daemon.DaemonAddress;
import dev.minidocker.daemon.DaemonOptions;
import dev.minidocker.runtime.container.ContainerRemove;
import dev.minidocker.runtime.host.CgroupManagerFactory;
import dev.minidocker.state.ContainerStore;
import dev.minidocker.testing.LocalRegistry;
import dev.minidocker.testing.StoreLeaks;
import dev.minidocker.testing.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Testcontainers for Java against the daemon ({@link TestcontainersMain}, in a JVM of its own with
 * DOCKER_HOST set, its home a temporary directory so no ~/.testcontainers.properties is read or
 * written). Ryuk is disabled (its image is Docker Hub's); Testcontainers' start-up checks run with
 * their defaults (1.21's check the server's Version, which /version answers Docker-comparably);
 * images come from the local registry. A container started outside it survives its clean-up.
 */
@RootOnly
@Timeout(300)
class DockerTestcontainersRootTest {
    @TempDir
    Path tmp;
    private Path root;
    private Daemon daemon;
    private StoreLeaks leaks;

    @BeforeEach
    void start() throws Exception {
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
    void genericContainersAndANetworkWithAliases() throws Exception {
        String image = LocalRegistry.shared().push(TestImages.busybox(), "engine/busybox", TestImages.TAG);
        // A container Testcontainers did not start: its clean-up (Ryuk off: a JVM hook that lists by its labels) must leave it.
        dev.minidocker.testing.DockerCli docker = new dev.minidocker.testing.DockerCli(root.resolve("md.sock"),
                Files.createDirectories(tmp.resolve("docker-config")));
        docker.run("pull", "-q", image).ok();
        String outsider = docker.run("run", "-d", "--name", "outsider", image, "sleep", "300").ok().stdout().strip();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path home = Files.createDirectories(tmp.resolve("home"));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.home=" + home, "-cp", classpath, TestcontainersMain.class.getName(), image)
                .redirectErrorStream(true);
        pb.environment().put("DOCKER_HOST", "unix://" + root.resolve("md.sock"));
        pb.environment().put("HOME", home.toString());
        pb.environment().put("TESTCONTAINERS_RYUK_DISABLED", "true");
        pb.environment().remove("TESTCONTAINERS_CHECKS_DISABLE"); // the default checks run
        pb.environment().remove("DOCKER_CONFIG");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(240, TimeUnit.SECONDS), out);
        assertEquals(0, p.exitValue(), out);
        // "ok" ends the checks; its JVM-exit reaper may still print that POST /images/prune is not served (issue 14's)
        assertTrue(out.lines().anyMatch("ok"::equals), out);
        assertTrue(out.lines().anyMatch("checks disabled: false"::equals), "the start-up checks ran: " + out);
        assertEquals(java.util.List.of(outsider), new ContainerStore(root).ids(),
                "Testcontainers removed its containers, and only those");
        docker.run("rm", "-f", outsider).ok(); // through the daemon: its network goes with it
    }
}
