package dev.minidocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.minidocker.RootOnly;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Failing commands exit as the docker CLI's do, with the docker CLI itself as the judge: each is
 * run by both against the same store and daemon. docker exits 125 for a bad flag (or flag value) on
 * any verb and for run's own failures, 126/127 for a process exec cannot start, and 1 for
 * everything else (a missing container, a bad filter or template, too few arguments, even for run).
 */
@RootOnly
class ExitCodesMatchDockerRootTest extends DockerOracleTest {
    @Test
    void failingCommandsExitAsDockersDo() throws Exception {
        start("exitcodes/busybox");
        String image = oracle.image;
        oracle.ours.ok("run", "-d", "--name", "up", image, "sleep", "60");
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
        assertEquals(List.of(), oracle.exitCodeDifferences(commands));
    }
}
