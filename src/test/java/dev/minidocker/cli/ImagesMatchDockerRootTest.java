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
 * {@code images} (and {@code history --format}) with its filters, a REPOSITORY[:TAG], {@code -q} and {@code --no-trunc} prints
 * what the docker CLI prints for the same store (through our daemon), rows compared in any order.
 */
@RootOnly
class ImagesMatchDockerRootTest {
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
    void imagesListsWhatDockersLists() throws Exception {
        String image = LocalRegistry.shared().push(TestImages.busybox(), "images/busybox", TestImages.TAG);
        daemon = TestDaemon.start(root);
        DockerCli docker = daemon.docker(dockerConfig);
        StoreCli ours = new StoreCli(root);
        ours.ok("pull", "-q", image);
        ours.ok("tag", image, "other/bb:v1");
        ours.ok("create", "--name", "keep", "--network", "none", image, "true");
        ours.ok("commit", "keep", "spare:1");
        Thread.sleep(1100); // another creation second: another id, and the first is left dangling
        ours.ok("commit", "keep", "spare:1");
        ours.ok("commit", "keep", "spare:2");
        List<List<String>> listings = List.of(
                List.of("images", "--format", "{{.Repository}}:{{.Tag}} {{.ID}} {{.Size}}"),
                List.of("images", "-q"),
                List.of("images", "-q", "--no-trunc"),
                List.of("images", "spare"),
                List.of("images", "spare:2", "--format", "{{.ID}}"),
                List.of("images", "other/bb"),
                List.of("images", "--filter", "dangling=true", "-q"),
                List.of("images", "-f", "dangling=false", "--format", "{{.Repository}}:{{.Tag}}"),
                List.of("images", "--filter", "reference=spare:*", "--no-trunc", "--format", "{{.ID}}"),
                List.of("images", "--filter", "before=spare:2", "--format", "{{.Repository}}:{{.Tag}}"),
                List.of("history", "--format", "{{.ID}} {{.CreatedAt}} {{.CreatedBy}} {{.Size}} {{.Comment}}", "spare:2"),
                List.of("history", "--no-trunc", "--format", "{{.ID}}", image),
                List.of("history", "--format", "table {{.ID}}\t{{.Comment}}", "spare:2"));
        List<String> differ = new ArrayList<>();
        for (List<String> args : listings) {
            String theirs = rows(docker.run(args.toArray(String[]::new)).ok().stdout());
            String mine = rows(ours.ok(args.toArray(String[]::new)).out());
            if (!theirs.equals(mine)) differ.add(String.join(" ", args) + "\n docker: " + theirs + "\n ours:   " + mine);
        }
        assertEquals(List.of(), differ);
    }

    /** Rows in a stable order, runs of spaces as one, the CREATED column (a relative time) left out. */
    private static String rows(String out) {
        return out.lines().map(l -> l.replaceAll(" {2,}", "\t").replaceAll("\t[^\t]*ago\t", "\t"))
                .sorted().toList().toString();
    }
}
