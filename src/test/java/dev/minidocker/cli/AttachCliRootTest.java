package dev.minidocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.RootOnly;
import dev.minidocker.testing.LocalRegistry;
import dev.minidocker.testing.TestDaemon;
import dev.minidocker.testing.TestImages;
import dev.minidocker.testing.Tools;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code attach}, {@code start -a}/{@code -i}, and {@code run -dit} as a docker user meets them:
 * each a CLI process of its own against a store whose daemon runs; the terminal cases in tmux.
 */
@RootOnly
class AttachCliRootTest {
    @TempDir
    Path root;
    @TempDir
    Path scratch;
    private TestDaemon daemon;
    private StoreCli cli;
    private String image;

    @BeforeEach
    void start() throws Exception {
        cli = new StoreCli(root);
        image = LocalRegistry.shared().push(TestImages.busybox(), "engine/attach", TestImages.TAG);
        daemon = TestDaemon.start(root);
        cli.ok("pull", "-q", image);
    }

    @AfterEach
    void stop() {
        if (daemon != null) daemon.close();
    }

    @Test
    void startAttachStreamsTheRunAndExitsWithItsCode() throws Exception {
        cli.ok("create", "--name", "ea", "--network", "none", image, "sh", "-c", "echo out; echo err >&2; exit 5");
        CliProcess a = cli.run("start", "-a", "ea");
        assertEquals(5, a.code(), a.err());
        assertEquals("out\n", a.out());
        assertEquals("err\n", a.err());

        cli.ok("create", "-i", "--name", "eb", "--network", "none", image, "sh", "-c", "read x; echo got:$x; exit 7");
        CliProcess b = CliProcess.run(Map.of(), "hello\n", "--root", root.toString(), "start", "-ai", "eb");
        assertEquals(7, b.code(), b.err());
        assertEquals("got:hello\n", b.out());

        cli.ok("create", "--rm", "--name", "ec", "--network", "none", image, "sh", "-c", "exit 4");
        assertEquals(4, cli.run("start", "-a", "ec").code());
        assertEquals("ea eb ", cli.ok("ps", "-a", "--format", "{{.Names}}").out().lines().sorted()
                .map(n -> n + " ").collect(Collectors.joining()), "--rm removed ec before start -a returned");

        CliProcess two = cli.run("start", "-a", "ea", "eb");
        assertEquals(1, two.code());
        assertEquals("mini-docker: you cannot start and attach multiple containers at once\n", two.err());
    }

    @Test
    void attachFollowsARunningContainerToItsEnd() throws Exception {
        cli.ok("run", "-d", "--name", "gated", "--network", "none", "-v", scratch + ":/gate", image,
                "sh", "-c", "until [ -e /gate/go ]; do echo tick; sleep 0.2; done; echo bye >&2; exit 3");
        Process attach = CliProcess.start(Map.of(), "--root", root.toString(), "attach", "gated");
        try (BufferedReader out = new BufferedReader(new InputStreamReader(attach.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("tick", out.readLine(), "attached: what it writes from now on comes");
            Files.createFile(scratch.resolve("go"));
            assertTrue(attach.waitFor(30, TimeUnit.SECONDS));
            assertEquals(3, attach.exitValue());
            assertTrue(out.lines().allMatch("tick"::equals));
            assertEquals("bye\n", new String(attach.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        } finally {
            attach.destroyForcibly();
        }

        CliProcess stopped = cli.run("attach", "gated");
        assertEquals(1, stopped.code());
        assertEquals("mini-docker: You cannot attach to a stopped container, start it first\n", stopped.err());
        CliProcess badKeys = cli.run("attach", "--detach-keys", "ctrl-+", "gated");
        assertEquals(1, badKeys.code());
        CliProcess none = cli.run("attach", "nosuch");
        assertEquals(1, none.code());
        assertTrue(none.err().contains("No such container: nosuch"), none.err());
    }

    /** A foreground run's streams are its own terminal's: attach says so instead of hanging. */
    @Test
    void aForegroundRunCannotBeAttached() throws Exception {
        Process fg = CliProcess.start(Map.of("MINIDOCKER_IN_PROCESS", "1"), "--root", root.toString(),
                "run", "--rm", "--name", "front", "--network", "none", image, "sleep", "60");
        try {
            for (int i = 0; i < 100 && !cli.run("ps", "--format", "{{.Names}}").out().contains("front"); i++) Thread.sleep(100);
            CliProcess r = cli.run("attach", "front");
            assertEquals(1, r.code());
            assertTrue(r.err().contains("runs in the foreground of a mini-docker run"), r.err());
        } finally {
            cli.run("kill", "front"); // (a SIGTERM to the run would go to sleep, PID 1, which ignores it)
            assertTrue(fg.waitFor(30, TimeUnit.SECONDS), "the run ends with its container");
            fg.destroyForcibly();
        }
    }

    /**
     * {@code run -dit}, then attach in a real terminal: typed input reaches the shell, ctrl-p
     * ctrl-q leaves it running ("read escape sequence", exit 1, as docker's), and a second attach
     * ends with the shell's own exit code.
     */
    @Test
    void runDitThenAttachDetachAndAttachAgain() throws Exception {
        Tools.require("tmux", "tmux");
        cli.ok("run", "-dit", "--name", "shell", "--network", "none", image, "sh");
        String session = "md-cli-attach-" + ProcessHandle.current().pid();
        Path script = scratch.resolve("attach.sh");
        Files.writeString(script, CliProcess.command("--root", root.toString(), "attach", "shell").stream()
                .map(a -> "'" + a + "'").collect(Collectors.joining(" ")) + "; echo EXITED-$?; sleep 60\n");
        try {
            Tools.run("tmux", "new-session", "-d", "-s", session, "-x", "100", "-y", "20", "sh " + script);
            Thread.sleep(1500); // the client's JVM up and attached (nothing is shown until the shell writes)
            String screen = typeUntil(session, "echo hi-$((40+2))", "hi-42");
            Tools.run("tmux", "send-keys", "-t", session, "C-p", "C-q");
            screen = awaitScreen(session, "EXITED-");
            assertTrue(screen.contains("read escape sequence") && screen.contains("EXITED-1"), screen);
            assertEquals("shell\n", cli.ok("ps", "--format", "{{.Names}}").out(), "it runs on after the detach");
        } finally {
            Tools.run("tmux", "kill-session", "-t", session);
        }
        try {
            Tools.run("tmux", "new-session", "-d", "-s", session, "-x", "100", "-y", "20", "sh " + script);
            Thread.sleep(1500);
            typeUntil(session, "echo again-$((1+1))", "again-2");
            Tools.run("tmux", "send-keys", "-t", session, "exit 6", "Enter");
            String screen = awaitScreen(session, "EXITED-");
            assertTrue(screen.contains("EXITED-6"), screen);
            assertFalse(screen.contains("read escape sequence"), screen);
        } finally {
            Tools.run("tmux", "kill-session", "-t", session);
        }
    }

    /** Types a line (again, if the client was not attached yet when it went) until {@code expect} shows. */
    private String typeUntil(String session, String line, String expect) throws Exception {
        for (int attempt = 0; attempt < 5; attempt++) {
            Tools.run("tmux", "send-keys", "-t", session, line, "Enter");
            for (int i = 0; i < 25; i++) {
                String screen = Tools.run("tmux", "capture-pane", "-p", "-t", session);
                if (screen.contains(expect)) return screen;
                Thread.sleep(200);
            }
        }
        throw new AssertionError("no '" + expect + "' on the terminal:\n" + Tools.run("tmux", "capture-pane", "-p", "-t", session));
    }

    private String awaitScreen(String session, String text) throws Exception {
        String screen = "";
        for (int i = 0; i < 150; i++) {
            screen = Tools.run("tmux", "capture-pane", "-p", "-t", session);
            if (screen.contains(text)) return screen;
            Thread.sleep(200);
        }
        throw new AssertionError("no '" + text + "' on the terminal:\n" + screen);
    }


}
