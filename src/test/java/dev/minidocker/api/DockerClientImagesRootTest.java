package dev.minidocker.api;

import dev.minidocker.model.Resources;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.RootOnly;
import dev.minidocker.daemon.Daemon;
import dev.minidocker.daemon.DaemonAddress;
import dev.minidocker.daemon.DaemonOptions;
import dev.minidocker.state.ContainerRecord;
import dev.minidocker.state.ContainerStore;
import dev.minidocker.testing.DockerCli;
import dev.minidocker.testing.LocalRegistry;
import dev.minidocker.testing.OciLayout;
import dev.minidocker.testing.TestImages;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real docker client against a daemon on a temp socket: version negotiation, images, pull
 * from a local registry with streamed progress, rmi, and ps/inspect of a container record.
 */
@RootOnly
class DockerClientImagesRootTest {
    @TempDir
    Path root;
    @TempDir
    Path dockerConfig;
    private Daemon daemon;
    private DockerCli docker;

    @BeforeEach
    void start() {
        Path socket = root.resolve("md.sock");
        daemon = Daemon.start(new DaemonOptions(root, DaemonAddress.unix(socket), null, "root"));
        docker = new DockerCli(socket, dockerConfig);
    }

    @AfterEach
    void stop() {
        daemon.close();
    }

    @Test
    void versionNegotiatesDownToOurApi() {
        String out = docker.run("version").ok().stdout();
        assertTrue(out.contains("Server: mini-docker"), out);
        assertTrue(out.contains("1.41 (downgraded from"), out);
        assertTrue(out.contains("API version:      1.41 (minimum version 1.24)"), out);
    }

    @Test
    void pullListAndRemoveAnImageFromALocalRegistry() {
        LocalRegistry registry = LocalRegistry.shared();
        String ref = registry.push(TestImages.busybox(), "engine/busybox", TestImages.TAG);
        OciLayout layout = OciLayout.read(TestImages.busybox(), TestImages.TAG);
        assertEquals(List.of("REPOSITORY   TAG       IMAGE ID   CREATED   SIZE"),
                docker.run("images").ok().stdout().lines().toList());

        String pulled = docker.run("pull", ref).ok().stdout();
        assertTrue(pulled.contains("latest: Pulling from engine/busybox"), pulled);
        assertTrue(pulled.contains(": Pull complete"), pulled);
        assertTrue(pulled.contains("Digest: " + layout.manifestDigest()), pulled);
        assertTrue(pulled.contains("Status: Downloaded newer image for " + ref), pulled);

        List<String> images = docker.run("images").ok().stdout().lines().toList();
        assertEquals(2, images.size(), String.join("\n", images));
        assertTrue(images.get(1).startsWith(registry.host() + "/engine/busybox   latest    "), images.get(1));
        String id = docker.run("images", "-q").ok().stdout().strip();
        assertTrue(layout.manifest().config().digest().hex().startsWith(id), id);

        String again = docker.run("pull", ref).ok().stdout();
        assertTrue(again.contains("Status: Image is up to date for " + ref), again);

        DockerCli.Result missing = docker.run("pull", registry.host() + "/engine/nothing:here");
        assertNotEquals(0, missing.exitCode());
        assertTrue(missing.stderr().startsWith("Error response from daemon: "), missing.stderr());

        String removed = docker.run("rmi", ref).ok().stdout();
        assertTrue(removed.contains("Untagged: " + ref), removed);
        assertTrue(removed.contains("Deleted: " + layout.manifest().config().digest()), removed);
        assertEquals(1, docker.run("images").ok().stdout().lines().count());
    }

    @Test
    void psAndInspectShowContainerRecords() {
        ContainerStore store = new ContainerStore(root);
        String id = ContainerStore.newId();
        store.create(new ContainerRecord(id, "quiet_tester", null, "busybox",
                new ContainerRecord.Config(List.of("sleep", "100"), List.of(), List.of("PATH=/bin"), "/", "", "h", false, false),
                new ContainerRecord.HostConfig(Resources.NONE, List.of(), List.of(), "none", false, false, null),
                Instant.now().toString()));
        assertEquals(1, docker.run("ps").ok().stdout().lines().count(), "a created container is not running");
        List<String> all = docker.run("ps", "-a").ok().stdout().lines().toList();
        assertEquals(2, all.size(), String.join("\n", all));
        assertTrue(all.get(1).startsWith(id.substring(0, 12) + "   busybox   \"sleep 100\""), all.get(1));
        assertTrue(all.get(1).contains("Created"), all.get(1));
        assertTrue(all.get(1).endsWith("quiet_tester"), all.get(1));
        assertEquals(id, docker.run("ps", "-aq", "--no-trunc").ok().stdout().strip());
        assertEquals("", docker.run("ps", "-aq", "--filter", "status=exited").ok().stdout().strip());
        assertEquals("created /quiet_tester [sleep 100]",
                docker.run("inspect", "-f", "{{.State.Status}} {{.Name}} {{.Config.Cmd}}", id.substring(0, 6)).ok().stdout().strip());
        DockerCli.Result unknown = docker.run("inspect", "nosuch");
        assertNotEquals(0, unknown.exitCode());
        assertTrue(unknown.stderr().contains("No such"), unknown.stderr());
    }
}
