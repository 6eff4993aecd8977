package dev.minidocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minidocker.RootOnly;
import dev.minidocker.runtime.host.CgroupManagerFactory;
import dev.minidocker.testing.StoreLeaks;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verbs as users type them: {@code run -d} starts a daemon on demand, then ps, logs, exec,
 * inspect, stop, start, rm -f; and a daemon restart keeps the container running.
 */
@RootOnly
class DetachedCliRootTest {
    @TempDir
    Path tmp;
    Path root;
    Path rootfs;
    StoreLeaks leaks;

    @BeforeEach
    void setUp() throws Exception {
        root = tmp.resolve("store");
        rootfs = BusyboxRootfs.create(tmp.resolve("rootfs"));
        leaks = StoreLeaks.watch(root);
    }

    @AfterEach
    void nothingLeftBehind() throws Exception {
        try {
            stopDaemon();
        } finally {
            leaks.assertNothingLeft();   // a detached container left running counts, as does its cgroup
        }
    }

    void stopDaemon() throws Exception {
        Path info = root.resolve("daemon.json");
        if (!Files.exists(info)) return;   // none runs: nothing to stop
        long pid = new ObjectMapper().readTree(Files.readAllBytes(info)).get("Pid").asLong();
        ProcessHandle.of(pid).ifPresent(p -> {
            p.destroy();
            try {
                p.onExit().get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("daemon did not stop", e);
            }
        });
    }

    /** Runs the CLI in-process: {exit code, stdout}. */
    Object[] cli(String... args) {
        List<String> all = new ArrayList<>(List.of("--root", root.toString()));
        all.addAll(List.of(args));
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int code = Main.run(all.toArray(String[]::new));
            return new Object[] {code, out.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(saved);
        }
    }

    String ok(String... args) {
        Object[] r = cli(args);
        assertEquals(0, r[0], "mini-docker " + String.join(" ", args) + " printed " + r[1]);
        return (String) r[1];
    }

    @Test
    void detachedLifecycleThroughTheDaemon() throws Exception {
        String id = ok("run", "-d", "--name", "svc", "-r", rootfs.toString(), "sh", "-c",
                "echo hello; while true; do sleep 0.2; done").strip();
        assertTrue(id.matches("[0-9a-f]{64}"), id);
        assertTrue(ok("ps").contains("svc"));
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!ok("logs", "svc").equals("hello\n") && System.nanoTime() < deadline) Thread.sleep(50);
        assertEquals("hello\n", ok("logs", "--tail", "1", id.substring(0, 6)));
        JsonNode inspect = new ObjectMapper().readTree(ok("inspect", "svc")).get(0);
        assertEquals("running", inspect.at("/State/Status").asText());
        assertTrue(inspect.at("/State/Pid").asLong() > 0);
        assertEquals("/svc", inspect.at("/Name").asText());

        // A restarted daemon adopts the running container: same pid, still running.
        long pid = inspect.at("/State/Pid").asLong();
        stopDaemon();
        assertEquals(String.valueOf(pid), ok("inspect", "-f", "{{.State.Pid}}", "svc").strip());
        ok("restart", "-t", "1", "svc"); // goes through a new daemon started on demand
        String newPid = ok("inspect", "-f", "{{.State.Pid}}", "svc").strip();
        assertFalse(newPid.equals(String.valueOf(pid)), "restart must start a new init");

        assertEquals(3, cli("exec", "svc", "sh", "-c", "exit 3")[0]);
        assertEquals("svc\n", ok("stop", "-t", "1", "svc"));
        assertTrue(ok("ps", "-a", "-f", "status=exited").contains("svc"));
        assertEquals("137\n", ok("wait", "svc"), "sh as PID 1 ignores SIGTERM: killed after 1 s");
        ok("start", "svc");
        assertEquals("running", ok("inspect", "-f", "{{.State.Status}}", "svc").strip());
        assertEquals("svc\n", ok("rm", "-f", "svc"));
        assertEquals("", ok("ps", "-aq"));
        assertFalse(new CgroupManagerFactory().open(id).isPresent(), "cgroup left after rm -f");
        assertFalse(Files.exists(root.resolve("containers").resolve(id)));
    }

    /** logs --since/--until: only the lines written in the window (a duration back from now, or a time). */
    @Test
    void logsSinceAndUntilKeepTheLinesOfTheWindow() throws Exception {
        ok("run", "-d", "--name", "talk", "--network", "none", "-r", rootfs.toString(), "sh", "-c",
                "echo early; sleep 2; echo late; sleep 300");
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!ok("logs", "talk").equals("early\nlate\n") && System.nanoTime() < deadline) Thread.sleep(100);
        String[] stamped = ok("logs", "-t", "talk").split("\n");
        java.time.Instant late = java.time.Instant.parse(stamped[1].substring(0, stamped[1].indexOf(' ')));
        String between = late.minusMillis(500).toString();
        assertEquals("late\n", ok("logs", "--since", between, "talk"));
        assertEquals("early\n", ok("logs", "--until", between, "talk"));
        assertEquals("early\nlate\n", ok("logs", "--since", "10m", "talk"));
        assertEquals("", ok("logs", "--until", "10m", "talk"), "nothing is ten minutes old");
        assertEquals(1, cli("logs", "--since", "soon", "talk")[0], "docker logs exits 1 for its errors");
        ok("rm", "-f", "talk");
    }

    /**
     * stop of several containers stops them in parallel, as Docker does: "slow" ignores SIGTERM
     * (killed after the timeout), "quick" exits on it. Given first, "slow" must not hold up "quick":
     * quick ends before slow is killed. And a container adopted by a new daemon and stopped is 137.
     */
    @Test
    void stopOfSeveralContainersStopsThemInParallel() throws Exception {
        ok("run", "-d", "--name", "slow", "--network", "none", "-r", rootfs.toString(), "sh", "-c",
                "trap '' TERM; while true; do sleep 0.2; done");
        ok("run", "-d", "--name", "quick", "--network", "none", "-r", rootfs.toString(), "sh", "-c",
                "trap 'exit 0' TERM; while true; do sleep 0.2; done");
        stopDaemon();
        dev.minidocker.daemon.DaemonClient.ensureRunning(root); // a new daemon, which adopts both
        assertEquals("slow\nquick\n", ok("stop", "-t", "3", "slow", "quick"));
        java.time.Instant slowEnd = java.time.Instant.parse(ok("inspect", "-f", "{{.State.FinishedAt}}", "slow").strip());
        java.time.Instant quickEnd = java.time.Instant.parse(ok("inspect", "-f", "{{.State.FinishedAt}}", "quick").strip());
        assertTrue(quickEnd.isBefore(slowEnd), "quick ended " + quickEnd + ", slow " + slowEnd + ": stopped one after the other");
        assertEquals("137\n", ok("wait", "slow"), "adopted, stopped, killed: 137 (not 255, lost)");
        ok("rm", "slow", "quick");
    }
}
