package dev.minidocker.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.RootOnly;
import dev.minidocker.daemon.Daemon;
import dev.minidocker.daemon.DaemonAddress;
import dev.minidocker.daemon.DaemonOptions;
import dev.minidocker.runtime.container.ContainerRemove;
import dev.minidocker.runtime.host.CgroupManagerFactory;
import dev.minidocker.state.ContainerStore;
import dev.minidocker.testing.DockerCli;
import dev.minidocker.testing.LocalRegistry;
import dev.minidocker.testing.TestImages;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real docker client running containers through the daemon: {@code run --rm} with attach and
 * exit codes, {@code run -d}, logs, stop of a process that ignores SIGTERM, rm, and a daemon
 * restart that finds its running container again.
 */
@RootOnly
class DockerClientContainersRootTest {
    @TempDir
    Path root;
    @TempDir
    Path dockerConfig;
    private Daemon daemon;
    private DockerCli docker;
    private String image;

    @BeforeEach
    void start() {
        image = LocalRegistry.shared().push(TestImages.busybox(), "engine/busybox", TestImages.TAG);
        daemon = startDaemon();
        docker = new DockerCli(root.resolve("md.sock"), dockerConfig);
        docker.run("pull", "-q", image).ok();
    }

    private Daemon startDaemon() {
        return Daemon.start(new DaemonOptions(root, DaemonAddress.unix(root.resolve("md.sock")), null, "root"));
    }

    @AfterEach
    void stop() {
        if (daemon != null) daemon.close();
        ContainerStore store = new ContainerStore(root);
        for (String id : store.ids()) new ContainerRemove(store, new CgroupManagerFactory()).remove(id, true);
    }

    @Test
    void runRmAttachesToOutputAndReturnsTheExitCode() {
        DockerCli.Result hi = docker.run("run", "--rm", image, "echo", "hi").ok();
        assertEquals("hi\n", hi.stdout());
        DockerCli.Result both = docker.run("run", "--rm", image, "sh", "-c", "echo out; echo err >&2; exit 3");
        assertEquals(3, both.exitCode());
        assertEquals("out\n", both.stdout());
        assertEquals("err\n", both.stderr());
        DockerCli.Result missing = docker.run("run", "--rm", image, "nosuchcommand");
        assertEquals(127, missing.exitCode(), missing.stderr());
        assertEquals("", docker.run("ps", "-aq").ok().stdout(), "--rm containers are gone");
    }

    @Test
    void runPullsAMissingImageWhenCreateAnswers404() {
        docker.run("rmi", image).ok();
        DockerCli.Result r = docker.run("run", "--rm", image, "echo", "ok").ok();
        assertEquals("ok\n", r.stdout());
        assertTrue(r.stderr().contains("Unable to find image '" + image + "' locally"), r.stderr());
        assertTrue(r.stderr().contains("Status: Downloaded newer image for " + image), r.stderr());
    }

    @Test
    void detachedRunLogsStopAndRemove() throws Exception {
        String id = docker.run("run", "-d", "--name", "sleeper", image, "sh", "-c", "echo started; sleep 100").ok().stdout().strip();
        assertTrue(id.matches("[0-9a-f]{64}"), id);
        List<String> ps = docker.run("ps").ok().stdout().lines().toList();
        assertEquals(2, ps.size(), String.join("\n", ps));
        assertTrue(ps.get(1).contains(" Up ") && ps.get(1).endsWith("sleeper"), ps.get(1));
        assertEquals("started\n", awaitLogs("sleeper", "started\n"));

        // PID 1 has no default action for SIGTERM: sh ignores it, so stop kills it after -t.
        long before = System.nanoTime();
        assertEquals("sleeper\n", docker.run("stop", "-t", "1", "sleeper").ok().stdout());
        assertTrue(System.nanoTime() - before >= 1_000_000_000L, "SIGKILL came only after the timeout");
        String status = docker.run("ps", "-a", "--format", "{{.Status}}").ok().stdout();
        assertTrue(status.startsWith("Exited (137) "), status);
        assertEquals("exited 137", docker.run("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", id).ok().stdout().strip());

        assertEquals(id.substring(0, 12) + "\n", docker.run("rm", id.substring(0, 12)).ok().stdout());
        assertEquals("", docker.run("ps", "-aq").ok().stdout());
    }

    @Test
    void killWaitStartAndRestart() throws Exception {
        // PID 1 ignores a signal it has no handler for: send USR1 only once the trap is set
        String id = docker.run("run", "-d", image, "sh", "-c", "trap 'exit 7' USR1; echo trapped; while true; do sleep 1; done")
                .ok().stdout().strip();
        awaitLogs(id, "trapped\n");
        docker.run("kill", "-s", "USR1", id).ok();
        assertEquals("7\n", docker.run("wait", id).ok().stdout());
        docker.run("start", id).ok();
        assertTrue(docker.run("ps", "--format", "{{.Status}}").ok().stdout().startsWith("Up "));
        docker.run("restart", "-t", "1", id).ok();
        assertTrue(docker.run("ps", "--format", "{{.Status}}").ok().stdout().startsWith("Up "));
        docker.run("kill", id).ok();
        assertEquals("137\n", docker.run("wait", id).ok().stdout());
        DockerCli.Result again = docker.run("kill", id);
        assertTrue(again.exitCode() != 0 && again.stderr().contains("is not running"), again.stderr());
        docker.run("rm", id).ok();
    }

    @Test
    void execJoinsTheRunningContainer() {
        docker.run("run", "-d", "--name", "web", "-h", "webhost", image, "sh", "-c", "echo secret > /data.txt; exec sleep 100").ok();
        DockerCli.Result r = docker.run("exec", "web", "sh", "-c",
                "cat /proc/1/cmdline | tr '\\0' ' '; hostname; cat /data.txt; echo oops >&2; exit 4");
        assertEquals(4, r.exitCode(), r.stderr());
        assertEquals("sleep 100 webhost\nsecret\n", r.stdout());
        assertEquals("oops\n", r.stderr());
        DockerCli.Result missing = docker.run("exec", "web", "nosuchcommand");
        assertEquals(127, missing.exitCode());
        assertTrue(missing.stderr().contains("nosuchcommand"), missing.stderr());
        assertEquals("A /data.txt\n", docker.run("diff", "web").ok().stdout(),
                "docker diff: the file it wrote, not the runtime's mount points (/etc/hosts, /etc/hostname)");
        docker.run("rm", "-f", "web").ok();
        DockerCli.Result gone = docker.run("exec", "web", "true");
        assertTrue(gone.exitCode() != 0 && gone.stderr().contains("No such container: web"), gone.stderr());
    }

    @Test
    void restartedDaemonFindsItsRunningContainerAgain() throws Exception {
        String id = docker.run("run", "-d", image, "sh", "-c", "echo one; sleep 100").ok().stdout().strip();
        awaitLogs(id, "one\n");
        daemon.close();
        daemon = startDaemon();
        String status = docker.run("ps", "--format", "{{.ID}} {{.Status}}").ok().stdout();
        assertTrue(status.startsWith(id.substring(0, 12) + " Up "), status);
        assertEquals("one\n", docker.run("logs", id).ok().stdout());
        docker.run("rm", "-f", id).ok();
        assertEquals("", docker.run("ps", "-aq").ok().stdout());
    }

    /** The log as docker logs shows it, once it has what we expect (bounded: output takes a moment to land). */
    private String awaitLogs(String container, String expected) throws InterruptedException {
        String out = "";
        for (int i = 0; i < 100 && !out.equals(expected); i++) {
            out = docker.run("logs", container).ok().stdout();
            if (!out.equals(expected)) Thread.sleep(100);
        }
        return out;
    }
}
