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
import dev.minidocker.testing.Tools;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker-py (python3-docker) against the daemon: its version check, labels and filters (its
 * {@code filters=} JSON through the same filter implementation), prune, top and one-shot stats.
 */
@RootOnly
class DockerPyFiltersRootTest {
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
    void dockerPyListsFiltersAndPrunesByLabel() throws Exception {
        Tools.require("python3", "python3-docker");
        String script = String.join("\n",
                "import docker, sys",
                "c = docker.DockerClient(base_url='unix://" + root.resolve("md.sock") + "')",
                "assert c.version()['ApiVersion'] == '1.41', c.version()",
                "mine = c.containers.run('" + image + "', ['sleep', '60'], detach=True, labels={'suite': 'py', 'n': '1'})",
                "other = c.containers.create('" + image + "', ['true'], labels={'suite': 'other'})",
                "ids = [x.id for x in c.containers.list(all=True, filters={'label': 'suite=py'})]",
                "assert ids == [mine.id], ids",
                "ids = [x.id for x in c.containers.list(all=True, filters={'label': ['suite', 'n=1']})]",
                "assert ids == [mine.id], ids",
                "assert c.containers.get(mine.id).labels == {'suite': 'py', 'n': '1'}",
                "top = mine.top()",
                "assert 'PID' in top['Titles'] and any('sleep' in ' '.join(p) for p in top['Processes']), top",
                "st = mine.stats(stream=False)",
                "assert st['memory_stats']['usage'] > 0 and st['cpu_stats']['cpu_usage']['total_usage'] > 0, st",
                "try:",
                "    c.containers.list(filters={'colour': 'red'})",
                "    sys.exit('an unknown filter was accepted')",
                "except docker.errors.APIError as e:",
                "    assert e.status_code == 400 and \"invalid filter 'colour'\" in str(e), e",
                "pruned = c.containers.prune(filters={'label': 'suite=other'})",
                "assert pruned['ContainersDeleted'] == [other.id], pruned",
                "mine.remove(force=True)",
                "print('ok')");
        Process p = new ProcessBuilder("python3", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), "docker-py timed out: " + out);
        assertEquals("ok\n", out);
    }
}
