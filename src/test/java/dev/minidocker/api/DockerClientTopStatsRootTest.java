package dev.minidocker.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.RootOnly;
import dev.minidocker.testing.DockerCli;
import dev.minidocker.testing.LocalRegistry;
import dev.minidocker.testing.TestDaemon;
import dev.minidocker.testing.TestImages;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The docker client's views of a running container through the daemon: {@code top} (ps -ef in
 * its PID namespace), {@code stats --no-stream} with real numbers (CPU % from cpu_stats against
 * precpu_stats, memory, pids), and {@code rename}.
 */
@RootOnly
class DockerClientTopStatsRootTest {
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
    void topStatsAndRenameOfARunningContainer() {
        docker.run("run", "-d", "--name", "busy", image, "sh", "-c", "while :; do :; done").ok();
        String top = docker.run("top", "busy").ok().stdout();
        assertTrue(top.lines().findFirst().orElse("").matches("UID\\s+PID\\s+PPID.*CMD"), top);
        assertTrue(top.contains("while :; do :; done"), top);

        String stats = docker.run("stats", "--no-stream", "--format", "{{.Name}} {{.CPUPerc}} {{.MemUsage}} {{.PIDs}}", "busy")
                .ok().stdout().strip();
        String[] f = stats.split(" ");
        assertEquals("busy", f[0], stats);
        double cpu = Double.parseDouble(f[1].replace("%", ""));
        assertTrue(cpu > 5, "a busy loop uses CPU: " + stats);
        assertTrue(f[2].matches("[0-9.]+[KMG]i?B"), "memory usage with a unit: " + stats);
        assertTrue(!f[2].startsWith("0B"), stats);
        assertEquals("1", f[f.length - 1], stats);

        docker.run("rename", "busy", "renamed").ok();
        assertEquals("renamed\n", docker.run("ps", "--format", "{{.Names}}").ok().stdout());
        docker.run("create", "--name", "other", image, "true").ok();
        DockerCli.Result taken = docker.run("rename", "renamed", "other");
        assertTrue(taken.exitCode() != 0 && taken.stderr().contains("is already in use"), taken.stderr());
        docker.run("rm", "-f", "renamed").ok();
        DockerCli.Result stopped = docker.run("top", "other");
        assertTrue(stopped.exitCode() != 0 && stopped.stderr().contains("is not running"), stopped.stderr());
    }
}
