package dev.minidocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.RootOnly;
import dev.minidocker.testing.DockerCli;
import dev.minidocker.testing.LocalRegistry;
import dev.minidocker.testing.TestDaemon;
import dev.minidocker.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Health checks as a docker user meets them, through our binary against a running daemon:
 * {@code --health-*} flags and an image's HEALTHCHECK, the status in ps and inspect, the
 * {@code health} filter, {@code health_status} events, a timed-out check, --no-healthcheck; and the
 * docker CLI's health flags.
 */
@RootOnly
class HealthcheckCliRootTest {
    @TempDir
    Path root;
    @TempDir
    Path gate;
    @TempDir
    Path dockerConfig;
    private TestDaemon daemon;
    private StoreCli cli;
    private String image;

    @BeforeEach
    void start() throws Exception {
        cli = new StoreCli(root);
        image = LocalRegistry.shared().push(TestImages.busybox(), "engine/health", TestImages.TAG);
        daemon = TestDaemon.start(root);
        cli.ok("pull", "-q", image);
    }

    @AfterEach
    void stop() {
        if (daemon != null) daemon.close();
    }

    @Test
    void checksTurnItUnhealthyAndHealthyAndPsInspectAndEventsSaySo() throws Exception {
        String since = Long.toString(Instant.now().getEpochSecond() - 1);
        String id = cli.ok("run", "-d", "--name", "svc", "--network", "none", "-v", gate + ":/gate",
                "--health-cmd", "echo checked; test -e /gate/ready", "--health-interval", "300ms", "--health-retries", "2",
                image, "sleep", "300").out().strip();
        awaitStatus("svc", "(unhealthy)");
        Files.createFile(gate.resolve("ready"));
        awaitStatus("svc", "(healthy)");

        assertEquals(id.substring(0, 12) + "\n", cli.ok("ps", "-q", "--filter", "health=healthy").out());
        assertEquals("", cli.ok("ps", "-q", "--filter", "health=none").out());
        CliProcess bad = cli.run("ps", "--filter", "health=fine");
        assertEquals(1, bad.code(), "as docker ps on the daemon's error");
        assertEquals("mini-docker: Unrecognised filter value for health: fine\n", bad.err());
        String health = cli.ok("inspect", "-f", "{{.State.Health.Status}} {{.State.Health.FailingStreak}}"
                + " {{(index .State.Health.Log 0).Output}}", "svc").out();
        assertEquals("healthy 0 checked\n\n", health);
        assertEquals("{\"Test\":[\"CMD-SHELL\",\"echo checked; test -e /gate/ready\"],\"Interval\":300000000,\"Retries\":2}\n",
                cli.ok("inspect", "-f", "{{json .Config.Healthcheck}}", "svc").out());
        String events = cli.ok("events", "--since", since, "--until", Long.toString(Instant.now().getEpochSecond() + 1),
                "--filter", "container=svc").out();
        int unhealthy = events.indexOf(" container health_status: unhealthy " + id), healthy = events.indexOf(" container health_status: healthy " + id);
        assertTrue(unhealthy > 0 && healthy > unhealthy, events);

        cli.ok("stop", "-t", "1", "svc");
        assertEquals("unhealthy\n", cli.ok("inspect", "-f", "{{.State.Health.Status}}", "svc").out(),
                "a container whose checks stopped reads unhealthy, as Docker's");
    }

    @Test
    void theImagesHealthcheckAppliesUnlessDisabledAndASlowCheckTimesOut() throws Exception {
        Path ctx = Files.createDirectories(gate.resolve("ctx"));
        Files.writeString(ctx.resolve("Dockerfile"), "FROM " + image + "\nHEALTHCHECK --interval=300ms CMD true\n");
        cli.ok("build", "-q", "-t", "hc/img:1", ctx.toString());
        cli.ok("run", "-d", "--name", "checked", "--network", "none", "hc/img:1", "sleep", "300");
        awaitStatus("checked", "(healthy)");
        assertEquals("{\"Test\":[\"CMD-SHELL\",\"true\"],\"Interval\":300000000}\n",
                cli.ok("inspect", "-f", "{{json .Config.Healthcheck}}", "checked").out());

        cli.ok("run", "-d", "--name", "unchecked", "--network", "none", "--no-healthcheck", "hc/img:1", "sleep", "300");
        cli.ok("run", "-d", "--name", "slow", "--network", "none", "--health-cmd", "echo slow; sleep 10",
                "--health-timeout", "200ms", "--health-interval", "300ms", "hc/img:1", "sleep", "300");
        String log = "";
        for (int i = 0; i < 60 && !log.contains("exceeded"); i++) {
            log = cli.ok("inspect", "-f", "{{range .State.Health.Log}}{{.ExitCode}} {{.Output}}{{end}}", "slow").out();
            if (!log.contains("exceeded")) Thread.sleep(250);
        }
        assertTrue(log.startsWith("-1 Health check exceeded timeout (200ms): slow\n"), log);
        String unchecked = cli.ok("ps", "--filter", "name=unchecked", "--format", "{{.Status}}").out();
        assertFalse(unchecked.contains("("), "--no-healthcheck: no checks, no health in ps: " + unchecked);
        assertEquals("{\"Test\":[\"NONE\"],\"Interval\":300000000}\n", cli.ok("inspect", "-f", "{{json .Config.Healthcheck}}", "unchecked").out(),
                "Docker's merge: the user's NONE, the image's interval (it no longer matters)");
        assertTrue(cli.ok("ps", "-q", "--filter", "health=none").out().contains(
                cli.ok("inspect", "-f", "{{.Id}}", "unchecked").out().substring(0, 12)));
    }

    /** A foreground run in the CLI's own process has no daemon to check it: ps shows no health, not "starting" forever. */
    @Test
    void anInProcessRunShowsNoHealth() throws Exception {
        Process fg = CliProcess.start(Map.of("MINIDOCKER_IN_PROCESS", "1"), "--root", root.toString(), "run", "--rm",
                "--name", "front", "--network", "none", "--health-cmd", "true", "--health-interval", "300ms", image, "sleep", "60");
        try {
            String status = "";
            for (int i = 0; i < 100 && !status.startsWith("Up"); i++) {
                Thread.sleep(100);
                status = cli.ok("ps", "--filter", "name=front", "--format", "{{.Status}}").out();
            }
            Thread.sleep(1000); // three intervals: a daemon would have checked by now
            status = cli.ok("ps", "--filter", "name=front", "--format", "{{.Status}}").out();
            assertTrue(status.startsWith("Up") && !status.contains("health"), status);
        } finally {
            cli.run("kill", "front");
            fg.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
            fg.destroyForcibly();
        }
    }

    @Test
    void badFlagsAreRefusedInDockersWords() throws Exception {
        CliProcess conflict = cli.run("run", "--rm", "--no-healthcheck", "--health-cmd", "true", image, "true");
        assertEquals(125, conflict.code());
        assertEquals("mini-docker: --no-healthcheck conflicts with --health-* options\n", conflict.err());
        CliProcess duration = cli.run("run", "--rm", "--health-interval", "5x", image, "true");
        assertEquals(125, duration.code());
        assertEquals("mini-docker: invalid argument \"5x\" for \"--health-interval\" flag: time: invalid duration \"5x\"\n",
                duration.err());
        CliProcess tiny = cli.run("run", "--rm", "--health-cmd", "true", "--health-interval", "10us", image, "true");
        assertEquals(125, tiny.code());
        assertEquals("mini-docker: Interval in Healthcheck cannot be less than 1ms\n", tiny.err());
        assertEquals("", cli.ok("ps", "-aq").out(), "a refused run makes nothing");
    }

    /** The docker CLI's health flags: the check it sends runs, and its ps, inspect and filter show the result. */
    @Test
    void dockerRunsHealthFlagsReachTheChecks() throws Exception {
        DockerCli docker = daemon.docker(dockerConfig);
        docker.run("run", "-d", "--name", "good", "--health-cmd", "exit 0", "--health-interval", "300ms", image, "sleep", "300").ok();
        docker.run("run", "-d", "--name", "bad", "--health-cmd", "echo nope; exit 1", "--health-interval", "300ms",
                "--health-retries", "1", image, "sleep", "300").ok();
        String ps = "";
        for (int i = 0; i < 80 && !(ps.contains("good (healthy)") && ps.contains("bad (unhealthy)")); i++) {
            Thread.sleep(250);
            ps = docker.run("ps", "--format", "{{.Names}} {{.Status}}").ok().stdout().replaceAll(" Up [^(\\n]*", " ");
        }
        assertTrue(ps.contains("good (healthy)") && ps.contains("bad (unhealthy)"), ps);
        assertEquals("bad\n", docker.run("ps", "--filter", "health=unhealthy", "--format", "{{.Names}}").ok().stdout());
        assertEquals("1 nope\n", docker.run("inspect", "-f",
                "{{.State.Health.FailingStreak}} {{(index .State.Health.Log 0).Output}}", "bad").ok().stdout().strip() + "\n");
        assertEquals("[CMD-SHELL exit 0] 300ms\n",
                docker.run("inspect", "-f", "{{.Config.Healthcheck.Test}} {{.Config.Healthcheck.Interval}}", "good").ok().stdout());
    }

    private void awaitStatus(String name, String wanted) throws Exception {
        String status = "";
        for (int i = 0; i < 80; i++) {
            status = cli.ok("ps", "--filter", "name=" + name, "--format", "{{.Status}}").out();
            if (status.contains(wanted)) return;
            Thread.sleep(250);
        }
        throw new AssertionError(name + " never showed " + wanted + ": " + status);
    }


}
