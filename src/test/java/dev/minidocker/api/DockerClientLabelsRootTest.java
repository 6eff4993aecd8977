package dev.minidocker.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.RootOnly;
import dev.minidocker.testing.DockerCli;
import dev.minidocker.testing.LocalRegistry;
import dev.minidocker.testing.TestDaemon;
import dev.minidocker.testing.TestImages;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Labels through the real docker client: kept on create, shown by inspect and ps, and the one
 * filter implementation behind {@code ps --filter} and {@code container prune --filter}, so a
 * client that asks for its own labelled containers (Testcontainers, compose) gets only those.
 */
@RootOnly
class DockerClientLabelsRootTest {
    @TempDir
    Path root;
    @TempDir
    Path dockerConfig;
    private TestDaemon daemon;
    private DockerCli docker;
    private String image;

    @BeforeEach
    void start() {
        image = LocalRegistry.shared().push(TestImages.busybox(), "engine/busybox", TestImages.TAG);
        daemon = TestDaemon.start(root);
        docker = daemon.docker(dockerConfig);
        docker.run("pull", "-q", image).ok();
    }

    @AfterEach
    void stop() {
        if (daemon != null) daemon.close(); // and its containers removed
    }

    @Test
    void labelsAreKeptAndFilteredByPsAndPrune() {
        docker.run("create", "--name", "mine", "--label", "owner=tc", "--label", "session=1", image, "true").ok();
        docker.run("create", "--name", "other", "--label", "owner=someone", image, "true").ok();
        docker.run("create", "--name", "plain", image, "true").ok();
        assertEquals("map[owner:tc session:1]",
                docker.run("inspect", "-f", "{{.Config.Labels}}", "mine").ok().stdout().strip());
        assertEquals("mine\n", names("--filter", "label=owner=tc"));
        assertEquals("mine\n", names("--filter", "label=owner=tc", "--filter", "label=session"));
        assertEquals("", names("--filter", "label=owner=tc", "--filter", "label=session=2"));
        assertEquals(List.of("mine", "other"), names("--filter", "label=owner").lines().sorted().toList());
        assertEquals(List.of("other", "plain"), names("--filter", "label!=owner=tc").lines().sorted().toList());
        assertEquals("1\n", docker.run("ps", "-a", "--filter", "name=^mine$", "--format", "{{.Label \"session\"}}").ok().stdout());

        String pruned = docker.run("container", "prune", "-f", "--filter", "label=owner=tc").ok().stdout();
        assertTrue(pruned.contains("Deleted Containers:"), pruned);
        assertEquals(List.of("other", "plain"), names().lines().sorted().toList(), "only the labelled container went");
    }

    private String names(String... filters) {
        List<String> args = new java.util.ArrayList<>(List.of("ps", "-a", "--format", "{{.Names}}"));
        args.addAll(List.of(filters));
        return docker.run(args.toArray(String[]::new)).ok().stdout();
    }
}
