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
                List.of("run", "--rm", "--name", "up", image, "true"),
                // create: a value the docker CLI parses itself is a flag error (125), one its daemon
                // checks is an error like any other (1)
                List.of("create", "-p", "bogus", image, "true"),
                List.of("create", "-p", "99999:80", image, "true"),
                List.of("create", "--expose", "bogus", image, "true"),
                List.of("create", "--restart", "on-failure:x", image, "true"),
                List.of("create", "--ulimit", "bogus", image, "true"),
                List.of("create", "--mount", "bogus", image, "true"),
                List.of("create", "--sysctl", "bogus", image, "true"),
                List.of("create", "--device-cgroup-rule", "bogus", image, "true"),
                List.of("create", "--pull", "bogus", image, "true"),
                List.of("create", "-e", "=x", image, "true"),
                List.of("create", "--env-file", "/nonexistent", image, "true"),
                List.of("create", "-v", ":/x", image, "true"),
                List.of("create", "--add-host", "bogus", image, "true"),
                List.of("create", "--dns", "bogus", image, "true"),
                List.of("create", "--security-opt", "bogus", image, "true"),
                List.of("create", "--security-opt", "seccomp=/nonexistent", image, "true"),
                List.of("create", "--ip", "abc", image, "true"),
                List.of("create", "--tmpfs", "relative", image, "true"),
                List.of("create", "-v", "/nonexistent:/x", image, "true"),
                List.of("create", "--cap-add", "BOGUS", image, "true"),
                List.of("create", "-w", "relative", image, "true"),
                // --platform: a form Docker refuses; a local image of another platform, never pulled
                // (--pull never: nothing may go to a registry off this machine)
                List.of("create", "--platform", "bogus", image, "true"),
                List.of("run", "--rm", "--platform", "bogus", image, "true"),
                List.of("create", "--pull", "never", "--platform", "linux/arm64", image, "true"),
                List.of("run", "--rm", "--pull", "never", "--platform", "linux/arm64", image, "true"),
                List.of("run", "--rm", "--pull", "never", "--platform", "amd64", image, "true"));
        assertEquals(List.of(), oracle.exitCodeDifferences(commands));
    }
}
