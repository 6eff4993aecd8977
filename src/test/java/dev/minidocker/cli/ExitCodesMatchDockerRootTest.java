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
 * Failing commands exit as the docker CLI's do, with the docker CLI itself as the judge: each is
 * run by both against the same store and daemon. docker exits 125 for a bad flag (or flag value) on
 * any verb and for run's own failures, 126/127 for a process exec cannot start, and 1 for
 * everything else (a missing container, a bad filter or template, too few arguments, even for run).
 */
@RootOnly
class ExitCodesMatchDockerRootTest {
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
    void failingCommandsExitAsDockersDo() throws Exception {
        String image = LocalRegistry.shared().push(TestImages.busybox(), "exitcodes/busybox", TestImages.TAG);
        daemon = TestDaemon.start(root);
        DockerCli docker = daemon.docker(dockerConfig);
        StoreCli ours = new StoreCli(root);
        ours.ok("pull", "-q", image);
        ours.ok("run", "-d", "--name", "up", image, "sleep", "60");
        List<List<String>> commands = List.of(
                List.of("ps", "--filter", "bogus=x"),
                List.of("ps", "--format", "{{.Nope}}"),
                List.of("ps", "--bogus"),
                List.of("ps", "extra"),
                List.of("nosuchverb"),
                List.of("inspect", "-f", "{{.Nope.x}}", "up"),
                List.of("inspect", "--type", "bogus", "up"),
                List.of("inspect"),
                List.of("stop", "nosuch"),
                List.of("kill", "-s", "BOGUS", "up"),
                List.of("logs", "nosuch"),
                List.of("top", "nosuch"),
                List.of("port", "nosuch"),
                List.of("pause", "nosuch"),
                List.of("rename", "nosuch", "other"),
                List.of("diff", "nosuch"),
                List.of("network", "inspect", "nosuch"),
                List.of("create", "--name", "up", image, "true"),
                List.of("create"),
                List.of("exec", "nosuch", "true"),
                List.of("exec", "up", "nosuchcommand"),
                List.of("exec", "-u", "nosuchuser", "up", "true"),
                List.of("exec", "-w", "/nonexistent", "up", "true"),
                List.of("update", "--memory", "abc", "up"),
                List.of("exec"),
                List.of("run"),
                List.of("run", "--rm", "--cpus", "abc", image, "true"),
                List.of("run", "--rm", "--name", "up", image, "true"));
        List<String> differ = new ArrayList<>();
        for (List<String> c : commands) {
            int theirs = docker.run(c.toArray(String[]::new)).exitCode();
            int mine = ours.run(c.toArray(String[]::new)).code();
            if (theirs != mine) differ.add(String.join(" ", c) + ": docker " + theirs + ", mini-docker " + mine);
        }
        assertEquals(List.of(), differ);
    }
}
