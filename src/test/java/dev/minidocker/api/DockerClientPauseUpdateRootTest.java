package dev.minidocker.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.RootOnly;
import dev.minidocker.state.ContainerStore;
import dev.minidocker.testing.DockerCli;
import dev.minidocker.testing.LocalRegistry;
import dev.minidocker.testing.TestDaemon;
import dev.minidocker.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docker pause}/{@code unpause} (the cgroup freezer: a counting loop stops counting, ps says
 * "(Paused)", inspect "paused") and {@code docker update} (limits written to the live cgroup and
 * kept in the record), with Docker's 409s, through the daemon.
 */
@RootOnly
class DockerClientPauseUpdateRootTest {
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
    void pauseFreezesAndUnpauseThaws() throws Exception {
        String since = Long.toString(Instant.now().getEpochSecond() - 1);
        String id = docker.run("run", "-d", "--name", "counter", image, "sh", "-c",
                "i=0; while :; do i=$((i+1)); echo $i > /tmp/count; sleep 0.05; done").ok().stdout().strip();
        Path count = new ContainerStore(root).containerDir(id).resolve("upper/tmp/count");
        awaitChange(count, "");

        docker.run("pause", "counter").ok();
        assertEquals("paused true\n", docker.run("inspect", "-f", "{{.State.Status}} {{.State.Paused}}", "counter").ok().stdout());
        assertTrue(docker.run("ps", "--format", "{{.Status}}").ok().stdout().contains("(Paused)"));
        String frozen = Files.readString(count);
        Thread.sleep(500);
        assertEquals(frozen, Files.readString(count), "a paused container does not run");
        DockerCli.Result exec = docker.run("exec", "counter", "true");
        assertTrue(exec.exitCode() != 0 && exec.stderr().contains("is paused, unpause the container before exec"), exec.stderr());
        assertEquals("1 0\n", docker.run("info", "-f", "{{.ContainersPaused}} {{.ContainersRunning}}").ok().stdout());
        DockerCli.Result again = docker.run("pause", "counter");
        assertTrue(again.exitCode() != 0 && again.stderr().contains("is already paused"), again.stderr());

        docker.run("unpause", "counter").ok();
        awaitChange(count, frozen);
        assertEquals("running false\n", docker.run("inspect", "-f", "{{.State.Status}} {{.State.Paused}}", "counter").ok().stdout());
        DockerCli.Result notPaused = docker.run("unpause", "counter");
        assertTrue(notPaused.exitCode() != 0 && notPaused.stderr().contains("is not paused"), notPaused.stderr());

        docker.run("pause", "counter").ok();
        docker.run("stop", "-t", "1", "counter").ok(); // a paused container is thawed and stopped
        DockerCli.Result stopped = docker.run("pause", "counter");
        assertTrue(stopped.exitCode() != 0 && stopped.stderr().contains("is not running"), stopped.stderr());
        String until = Long.toString(Instant.now().getEpochSecond() + 1);
        assertEquals("pause\nunpause\npause\nunpause\n", docker.run(30, "events", "--since", since, "--until", until,
                "--filter", "event=pause", "--filter", "event=unpause", "--format", "{{.Action}}").ok().stdout());
    }

    @Test
    void updateChangesTheLiveLimits() throws Exception {
        String id = docker.run("run", "-d", "--name", "limited", "-m", "32m", image, "sleep", "100").ok().stdout().strip();
        docker.run("update", "--memory", "64m", "--cpus", "0.5", "--restart", "on-failure:3", "limited").ok();
        assertEquals("67108864 500000000 on-failure 3\n", docker.run("inspect", "-f",
                "{{.HostConfig.Memory}} {{.HostConfig.NanoCpus}} {{.HostConfig.RestartPolicy.Name}} "
                        + "{{.HostConfig.RestartPolicy.MaximumRetryCount}}", "limited").ok().stdout());
        assertEquals(67108864L, memoryLimit(id));
        DockerCli.Result tooSmall = docker.run("update", "--memory", "1m", "limited");
        assertTrue(tooSmall.exitCode() != 0 && tooSmall.stderr().contains("Minimum memory limit"), tooSmall.stderr());
        docker.run("restart", "-t", "1", "limited").ok();
        assertEquals(67108864L, memoryLimit(id), "the next start keeps the updated limit");
    }

    private static long memoryLimit(String id) throws Exception {
        Path v2 = Path.of("/sys/fs/cgroup/minidocker", id, "memory.max");
        Path v1 = Path.of("/sys/fs/cgroup/memory/minidocker", id, "memory.limit_in_bytes");
        return Long.parseLong(Files.readString(Files.exists(v2) ? v2 : v1).strip());
    }

    private static void awaitChange(Path file, String from) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            String now = Files.exists(file) ? Files.readString(file) : "";
            if (!now.isEmpty() && !now.equals(from)) return;
            Thread.sleep(50);
        }
        assertNotEquals(from, Files.exists(file) ? Files.readString(file) : "", "the loop counts");
    }
}
