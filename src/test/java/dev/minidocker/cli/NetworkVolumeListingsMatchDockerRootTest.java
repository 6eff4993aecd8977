package dev.minidocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.minidocker.RootOnly;
import dev.minidocker.testing.DockerCli;
import dev.minidocker.testing.LocalRegistry;
import dev.minidocker.testing.TestDaemon;
import dev.minidocker.testing.TestImages;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code network ls}, {@code volume ls} (their columns, -q, --no-trunc, filters, formats) and
 * {@code network inspect -f}, {@code volume inspect -f}, {@code container inspect -f} print what
 * the docker CLI prints for the same store, through our daemon.
 */
@RootOnly
class NetworkVolumeListingsMatchDockerRootTest {
    @TempDir
    Path root;
    @TempDir
    Path dockerConfig;
    private TestDaemon daemon;

    @AfterEach
    void stop() throws Exception {
        if (daemon != null) daemon.close(); // and its containers removed
        new StoreCli(root).run("network", "rm", "listed");
    }

    @Test
    void listingsAndInspectFormatsMatchDockers() throws Exception {
        String image = LocalRegistry.shared().push(TestImages.busybox(), "listings/busybox", TestImages.TAG);
        daemon = TestDaemon.start(root);
        DockerCli docker = daemon.docker(dockerConfig);
        StoreCli ours = new StoreCli(root);
        ours.ok("pull", "-q", image);
        ours.ok("network", "create", "listed");
        ours.ok("volume", "create", "--label", "team=a", "kept");
        ours.ok("volume", "create", "loose");
        ours.ok("create", "--name", "user", "--network", "listed", "-v", "kept:/data", image, "true");
        List<List<String>> commands = List.of(
                List.of("network", "ls"),
                List.of("network", "ls", "-q"),
                List.of("network", "ls", "--no-trunc", "-q", "--filter", "name=listed"),
                List.of("network", "ls", "--filter", "driver=bridge", "--format", "{{.Name}} {{.Driver}} {{.Scope}} {{.Internal}}"),
                List.of("network", "inspect", "-f", "{{.Name}} {{.Driver}} {{.Scope}}", "listed", "none"),
                List.of("volume", "ls"),
                List.of("volume", "ls", "-q", "--filter", "dangling=true"),
                List.of("volume", "ls", "-q", "--filter", "label=team=a"),
                List.of("volume", "ls", "--filter", "name=oo", "--format", "{{.Name}} {{.Driver}} {{.Labels}} {{.Mountpoint}}"),
                List.of("volume", "inspect", "-f", "{{.Name}} {{.Mountpoint}} {{.Labels}}", "kept", "loose"),
                List.of("container", "inspect", "-f", "{{.Name}} {{.State.Status}} {{.HostConfig.NetworkMode}}", "user"));
        List<String> differ = new ArrayList<>();
        for (List<String> args : commands) {
            String theirs = docker.run(args.toArray(String[]::new)).ok().stdout();
            String mine = ours.ok(args.toArray(String[]::new)).out();
            if (!theirs.equals(mine)) differ.add(String.join(" ", args) + "\n docker: " + theirs + " ours:   " + mine);
        }
        assertEquals(List.of(), differ);
    }
}
