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

/** {@code ps} with -a, -n, -l, -q and filters lists what the docker CLI lists for the same containers, in its order. */
@RootOnly
class PsMatchesDockerRootTest {
    @TempDir
    Path root;
    @TempDir
    Path dockerConfig;
    private TestDaemon daemon;

    @AfterEach
    void stop() {
        if (daemon != null) daemon.close(); // and its containers removed
    }

    @Test
    void psListsWhatDockersLists() throws Exception {
        String image = LocalRegistry.shared().push(TestImages.busybox(), "ps/busybox", TestImages.TAG);
        daemon = TestDaemon.start(root);
        DockerCli docker = daemon.docker(dockerConfig);
        StoreCli ours = new StoreCli(root);
        ours.ok("pull", "-q", image);
        ours.ok("create", "--name", "made", "--network", "none", image, "true");
        assertEquals(3, ours.run("run", "--name", "three", "--network", "none", image, "sh", "-c", "exit 3").code());
        ours.ok("run", "-d", "--name", "up", "--network", "none", image, "sleep", "60");
        List<List<String>> listings = List.of(
                List.of("ps", "-q"),
                List.of("ps", "-aq"),
                List.of("ps", "-n", "2", "-q"),
                List.of("ps", "-lq"),
                List.of("ps", "-l", "--format", "{{.Names}} {{.State}}"),
                List.of("ps", "-a", "--filter", "exited=3", "--format", "{{.Names}}"),
                List.of("ps", "-a", "--filter", "status=created", "--no-trunc", "-q"),
                List.of("ps", "-n", "3", "--filter", "name=e", "--format", "{{.Names}} {{.Image}} {{.Command}}"));
        List<String> differ = new ArrayList<>();
        for (List<String> args : listings) {
            String theirs = docker.run(args.toArray(String[]::new)).ok().stdout();
            String mine = ours.ok(args.toArray(String[]::new)).out();
            if (!theirs.equals(mine)) differ.add(String.join(" ", args) + "\n docker: " + theirs + " ours:   " + mine);
        }
        assertEquals(List.of(), differ);
    }
}
