package dev.minidocker.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.RootOnly;
import dev.minidocker.testing.DockerCli;
import dev.minidocker.testing.LocalRegistry;
import dev.minidocker.testing.TestDaemon;
import dev.minidocker.testing.TestImages;
import dev.minidocker.testing.Tools;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attach as the docker client drives it: {@code run -i} (stdin through the hijacked connection, its
 * half-close the container's end of file, input sent before the start kept), {@code run -t} (a raw
 * stream, not frames), and {@code run -it} under a real terminal (tmux) with the window size set
 * through {@code /containers/{id}/resize}.
 */
@RootOnly
class DockerClientAttachRootTest {
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
    void stdinReachesTheContainerAndItsEndIsEndOfFile() throws Exception {
        assertEquals("hi\n", shell("echo hi | docker run -i --rm " + image + " cat"));
        assertEquals("2\n", shell("printf 'a\\nb\\n' | docker run -i --rm " + image + " wc -l").stripLeading());
    }

    @Test
    void ttyOutputIsRawNotFramed() {
        assertEquals("x\r\n", docker.run("run", "-t", "--rm", image, "echo", "x").ok().stdout());
    }

    @Test
    void interactiveTerminalGetsTheClientsWindowSize() throws Exception {
        Tools.require("tmux", "tmux");
        String session = "md-attach-" + ProcessHandle.current().pid();
        String env = "DOCKER_HOST=unix://" + daemon.socket() + " DOCKER_CONFIG=" + dockerConfig;
        run("tmux", "new-session", "-d", "-s", session, "-x", "100", "-y", "20",
                "env " + env + " docker run -it --rm " + image + " sh; echo EXITED-$?; sleep 60");
        try {
            String screen = awaitScreen(session, "for a list of built-in commands"); // (the prompt itself has no newline yet: see the report)
            run("tmux", "send-keys", "-t", session, "stty size; echo done-$((40+2))", "Enter");
            screen = awaitScreen(session, "done-42");
            assertTrue(screen.contains("20 100"), screen);
            run("tmux", "send-keys", "-t", session, "tty; echo tty-$((1+1))", "Enter");
            screen = awaitScreen(session, "tty-2");
            assertTrue(screen.lines().anyMatch(l -> l.matches("/dev/pts/\\d+")), screen);
            run("tmux", "send-keys", "-t", session, "exit 3", "Enter");
            screen = awaitScreen(session, "EXITED-");
            assertTrue(screen.contains("EXITED-3"), screen);
        } finally {
            run("tmux", "kill-session", "-t", session);
        }
    }

    @Test
    void execWithATerminalIsAnInteractiveShellOnAPts() throws Exception {
        Tools.require("tmux", "tmux");
        docker.run("run", "-d", "--name", "target", image, "sleep", "300").ok();
        String session = "md-exec-" + ProcessHandle.current().pid();
        String env = "DOCKER_HOST=unix://" + daemon.socket() + " DOCKER_CONFIG=" + dockerConfig;
        run("tmux", "new-session", "-d", "-s", session, "-x", "90", "-y", "25",
                "env " + env + " docker exec -it target sh; echo EXITED-$?; sleep 60");
        try {
            awaitScreen(session, "#");
            run("tmux", "send-keys", "-t", session, "tty; stty size; echo done-$((40+2))", "Enter");
            String screen = awaitScreen(session, "done-42");
            assertTrue(screen.lines().anyMatch(l -> l.matches("/dev/pts/\\d+")), screen);
            assertTrue(screen.contains("25 90"), screen);
            run("tmux", "send-keys", "-t", session, "exit 4", "Enter");
            screen = awaitScreen(session, "EXITED-");
            assertTrue(screen.contains("EXITED-4"), screen);
        } finally {
            run("tmux", "kill-session", "-t", session);
        }
    }

    @Test
    void attachToAStoppedContainerIsRefused() {
        docker.run("create", "--name", "idle", image, "true").ok();
        DockerCli.Result r = docker.run("attach", "idle");
        assertTrue(r.exitCode() != 0 && r.stderr().contains("You cannot attach to a stopped container, start it first"),
                r.stderr());
    }

    /** docker start -a (attach, wait, start) and docker attach to a running container: output and exit code. */
    @Test
    void startAttachAndAttachTakeTheContainersExitCode() throws Exception {
        docker.run("create", "--name", "once", image, "sh", "-c", "echo out; exit 5").ok();
        assertEquals("out\n", shell("docker start -a once; echo code=$?").replace("code=5\n", ""));
        java.nio.file.Path gate = java.nio.file.Files.createTempDirectory(root, "gate");
        docker.run("run", "-d", "--name", "gated", "-v", gate + ":/gate", image,
                "sh", "-c", "until [ -e /gate/go ]; do echo tick; sleep 0.2; done; echo bye; exit 3").ok();
        String out = shell("docker attach gated > " + gate + "/out & pid=$!; "
                + "for i in $(seq 150); do grep -q tick " + gate + "/out && break; sleep 0.1; done; "
                + "touch " + gate + "/go; wait $pid; echo code=$?; tail -n 1 " + gate + "/out");
        assertEquals("code=3\nbye\n", out);
    }

    private String awaitScreen(String session, String text) throws Exception {
        String screen = "";
        for (int i = 0; i < 150; i++) {
            screen = run("tmux", "capture-pane", "-p", "-t", session);
            if (screen.contains(text)) return screen;
            Thread.sleep(200);
        }
        throw new AssertionError("no '" + text + "' on the terminal:\n" + screen);
    }

    private String shell(String command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true);
        pb.environment().put("DOCKER_HOST", "unix://" + daemon.socket());
        pb.environment().put("DOCKER_CONFIG", dockerConfig.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + ": timed out");
        }
        assertEquals(0, p.exitValue(), command + ": " + out);
        return out;
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        return out;
    }
}
