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
import dev.minidocker.testing.TestImages;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The docker CLI's health flags against the daemon: the check it sends runs, and ps/inspect/filter show its result. */
@RootOnly
class DockerClientHealthRootTest {
    @TempDir
    Path root;
    @TempDir
    Path dockerConfig;
    private Daemon daemon;
    private DockerCli docker;
    private String image;

    @BeforeEach
    void start() {
        image = LocalRegistry.shared().push(TestImages.busybox(), "engine/busybox", TestImages.TAG);
        daemon = Daemon.start(new DaemonOptions(root, DaemonAddress.unix(root.resolve("md.sock")), null, "root"));
        docker = new DockerCli(root.resolve("md.sock"), dockerConfig);
        docker.run("pull", "-q", image).ok();
    }

    @AfterEach
    void stop() {
        if (daemon != null) daemon.close();
        ContainerStore store = new ContainerStore(root);
        for (String id : store.ids()) new ContainerRemove(store, new CgroupManagerFactory()).remove(id, true);
    }

    @Test
    void dockerRunsHealthFlagsReachTheChecks() throws Exception {
        docker.run("run", "-d", "--name", "good", "--health-cmd", "exit 0", "--health-interval", "300ms", image, "sleep", "300").ok();
        docker.run("run", "-d", "--name", "bad", "--health-cmd", "echo nope; exit 1", "--health-interval", "300ms",
                "--health-retries", "1", image, "sleep", "300").ok();
        String ps = "";
        for (int i = 0; i < 80 && !(ps.contains("good (healthy)") && ps.contains("bad (unhealthy)")); i++) {
            Thread.sleep(250);
            ps = docker.run("ps", "--format", "{{.Names}} {{.Status}}").ok().stdout().replaceAll(" Up [^(\\n]*", " ");
        }
        assertTrue(ps.contains("good (healthy)") && ps.contains("bad (unhealthy)"), ps);
        assertEquals("bad\n", docker.run("ps", "--filter", "health=unhealthy", "--format", "{{.Names}}").ok().stdout());
        assertEquals("1 nope\n", docker.run("inspect", "-f",
                "{{.State.Health.FailingStreak}} {{(index .State.Health.Log 0).Output}}", "bad").ok().stdout().strip() + "\n");
        assertEquals("[CMD-SHELL exit 0] 300ms\n",
                docker.run("inspect", "-f", "{{.Config.Healthcheck.Test}} {{.Config.Healthcheck.Interval}}", "good").ok().stdout());
    }
}
