package dev.minidocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.minidocker.RootOnly;
import dev.minidocker.testing.LocalRegistry;
import dev.minidocker.testing.TestDaemon;
import dev.minidocker.testing.TestImages;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mini-docker's own verbs for what the Engine API gained: {@code events} (the daemon's, with
 * since/until/filter), {@code pause}/{@code unpause}, {@code update}, {@code history},
 * {@code system df}, each a CLI process of its own against a store whose daemon runs. The events
 * are the daemon's: what the CLI does in its own process (run -d's create, pause) is not among them.
 */
@RootOnly
class EngineVerbsCliRootTest {
    @TempDir
    Path root;
    private TestDaemon daemon;
    private StoreCli cli;

    @BeforeEach
    void cli() {
        cli = new StoreCli(root);
    }

    @AfterEach
    void stop() {
        if (daemon != null) daemon.close();
        else TestDaemon.removeContainers(root); // foreground runs' stopped containers
    }



    /**
     * {@code inspect NAME} as docker's: a container first, then an image, a network, a volume;
     * {@code --type} looks in one kind only; a name none has prints docker's empty array and a line.
     */
    @Test
    void inspectFindsContainersImagesNetworksAndVolumes() throws Exception {
        String image = LocalRegistry.shared().push(TestImages.busybox(), "engine/inspect", TestImages.TAG);
        cli.ok("pull", "-q", image);
        cli.ok("run", "--name", "insp", "--network", "none", image, "true");
        cli.ok("volume", "create", "insp-vol");
        cli.ok("network", "create", "insp-net");
        try {
            assertEquals("container /insp [true]\n", cli.ok("inspect", "-f", "container {{.Name}} {{.Config.Cmd}}", "insp").out());
            assertEquals(cli.ok("image", "inspect", "-f", "{{.Id}}", image).out(), cli.ok("inspect", "-f", "{{.Id}}", image).out());
            assertEquals("insp-net bridge\n", cli.ok("inspect", "-f", "{{.Name}} {{.Driver}}", "insp-net").out());
            assertEquals("insp-vol local\n", cli.ok("inspect", "-f", "{{.Name}} {{.Driver}}", "insp-vol").out());
            assertEquals("insp-net\n", cli.ok("inspect", "--type", "network", "-f", "{{.Name}}", "insp-net").out());

            CliProcess wrongKind = cli.run("inspect", "--type", "volume", "insp-net");
            assertEquals(1, wrongKind.code());
            assertEquals("[]\n", wrongKind.out());
            assertEquals("Error: No such volume: insp-net\n", wrongKind.err());
            CliProcess partly = cli.run("inspect", "-f", "{{.Name}}", "insp", "nosuch");
            assertEquals(1, partly.code(), "a miss exits 1, as docker's");
            assertEquals("/insp\n", partly.out(), "what was found is printed");
            assertEquals("Error: No such object: nosuch\n", partly.err());
            CliProcess badType = cli.run("inspect", "--type", "bogus", "insp");
            assertEquals(1, badType.code(), "docker inspect --type bogus exits 1");
            assertEquals("mini-docker: \"bogus\" is not a valid value for --type\n", badType.err());
        } finally {
            cli.ok("network", "rm", "insp-net");
            cli.ok("volume", "rm", "insp-vol");
        }
    }

    /** ps and images take docker's --format (a template, "table ...", "json"); container ls/rm and image ls/rm are theirs. */
    @Test
    void listVerbsTakeDockersFormatsAndManagementNames() throws Exception {
        String image = LocalRegistry.shared().push(TestImages.busybox(), "engine/formats", TestImages.TAG);
        cli.ok("pull", "-q", image);
        cli.ok("run", "--name", "fmt", "--label", "b=2", "--label", "a=1", "--network", "none", image, "true");

        assertEquals("fmt exited a=1,b=2\n", cli.ok("ps", "-a", "--format", "{{.Names}} {{.State}} {{.Labels}}").out());
        assertEquals("NAMES     NETWORKS\nfmt       none\n",
                cli.ok("container", "ls", "-a", "--format", "table {{.Names}}\\t{{.Networks}}").out());
        JsonNode row = new ObjectMapper().readTree(cli.ok("ps", "-a", "--format", "json").out());
        assertEquals("fmt", row.get("Names").asText());
        assertEquals("\"true\"", row.get("Command").asText());
        assertEquals(image + "\n", cli.ok("image", "ls", "--format", "{{.Repository}}:{{.Tag}}").out());
        assertEquals("REPOSITORY\n" + image.substring(0, image.lastIndexOf(':')) + "\n",
                cli.ok("images", "--format", "table {{.Repository}}").out());

        assertEquals("fmt\n", cli.ok("container", "rm", "fmt").out());
        assertEquals("", cli.ok("container", "list", "-aq").out());
        cli.ok("image", "rm", image);
        assertEquals("", cli.ok("image", "list", "-q").out());
    }

    /** system prune: after docker's prompt (a "no" keeps everything), stopped containers and unused networks go. */
    @Test
    void systemPruneRemovesStoppedContainersAndUnusedNetworks() throws Exception {
        String image = LocalRegistry.shared().push(TestImages.busybox(), "engine/prune", TestImages.TAG);
        cli.ok("pull", "-q", image);
        cli.ok("run", "--name", "pruned", "--network", "none", image, "true");
        String id = cli.ok("ps", "-aq", "--no-trunc").out().strip();
        cli.ok("network", "create", "pruned-net");
        try {
            CliProcess no = CliProcess.run(Map.of(), "n\n", "--root", root.toString(), "system", "prune");
            assertEquals(0, no.code(), no.err());
            assertTrue(no.out().startsWith("WARNING! This will remove:\n  - all stopped containers\n"), no.out());
            assertEquals(id + "\n", cli.ok("ps", "-aq", "--no-trunc").out(), "a no keeps them");

            String out = cli.ok("system", "prune", "-f").out();
            assertTrue(out.startsWith("Deleted Containers:\n" + id + "\n\nDeleted Networks:\npruned-net\n\nTotal reclaimed space: "), out);
            assertEquals("", cli.ok("ps", "-aq").out());
            assertTrue(!cli.ok("network", "ls").out().contains("pruned-net"));
            assertEquals(image + "\n", cli.ok("image", "ls", "--format", "{{.Repository}}:{{.Tag}}").out(), "tagged images stay");
        } finally {
            cli.run("network", "rm", "pruned-net");
        }
    }

    /** create takes run's options and arguments (options stop at the image), makes the container, and start starts it. */
    @Test
    void createMakesAContainerThatStartStarts() throws Exception {
        String image = LocalRegistry.shared().push(TestImages.busybox(), "engine/create", TestImages.TAG);
        daemon = TestDaemon.start(root);
        cli.ok("pull", "-q", image);
        String id = cli.ok("create", "--name", "made", "--network", "none", "-e", "X=7", image, "sh", "-c", "echo x=$X").out();
        assertTrue(id.matches("[0-9a-f]{64}\n"), id);
        assertEquals("made Created\n", cli.ok("ps", "-a", "--format", "{{.Names}} {{.Status}}").out());
        assertEquals("made\n", cli.ok("start", "made").out());
        assertEquals("0\n", cli.ok("wait", "made").out());
        assertEquals("x=7\n", cli.ok("logs", "made").out());
        assertEquals("", cli.ok("diff", "made").out(), "it changed no file (its /etc/hosts and such are mount points)");
        CliProcess noSuch = cli.run("diff", "nosuch");
        assertTrue(noSuch.code() != 0 && noSuch.err().contains("No such container: nosuch"), noSuch.err());

        CliProcess none = cli.run("create");
        assertEquals(1, none.code(), "docker create alone exits 1");
        assertEquals("mini-docker: \"create\" requires at least 1 argument\n", none.err());
        assertEquals("made\n", cli.ok("ps", "-a", "--format", "{{.Names}}").out(), "a refused create makes nothing");
    }

    @Test
    void eventsPauseUpdateHistoryAndDiskUsage() throws Exception {
        String image = LocalRegistry.shared().push(TestImages.busybox(), "engine/busybox", TestImages.TAG);
        daemon = TestDaemon.start(root);
        cli.ok("pull", "-q", image);
        assertEquals("/dev/pts/0\r\n", cli.ok("run", "-t", "--rm", image, "tty").out(), "a client's run -t through the daemon");
        String since = Long.toString(Instant.now().getEpochSecond() - 1);
        cli.ok("run", "-d", "--name", "cli1", image, "sleep", "60");

        assertEquals("cli1\n", cli.ok("pause", "cli1").out());
        assertTrue(cli.ok("ps").out().contains("(Paused)"));
        CliProcess again = cli.run("pause", "cli1");
        assertTrue(again.code() != 0 && again.err().contains("is already paused"), again.err());
        cli.ok("unpause", "cli1");
        cli.ok("update", "-m", "64m", "--cpus", "0.5", "cli1");
        assertEquals("67108864 500000000\n", cli.ok("inspect", "-f", "{{.HostConfig.Memory}} {{.HostConfig.NanoCpus}}", "cli1").out());

        List<String> history = cli.ok("history", image).out().lines().toList();
        assertTrue(history.getFirst().matches("IMAGE\\s+CREATED\\s+CREATED BY\\s+SIZE\\s+COMMENT"), history.toString());
        assertTrue(history.size() > 1 && history.get(1).matches("[0-9a-f]{12}\\s.*"), history.toString());
        List<String> df = cli.ok("system", "df").out().lines().toList();
        assertTrue(df.get(1).matches("Images\\s+1\\s+1\\s+.*"), df.toString());
        assertTrue(df.get(2).matches("Containers\\s+1\\s+1\\s+.*"), df.toString());

        String until = Long.toString(Instant.now().getEpochSecond() + 1);
        List<String> events = cli.ok("events", "--since", since, "--until", until, "--filter", "container=cli1").out()
                .lines().toList();
        // run -d creates the record in the CLI's process (not the daemon's event) and starts it in the daemon
        assertEquals(1, events.size(), events.toString());
        assertTrue(events.getFirst().matches("\\S+ container start [0-9a-f]{64} \\(image=" + java.util.regex.Pattern.quote(image)
                + ", name=cli1\\)"), events.toString());
        assertEquals("container start cli1\n", cli.ok("events", "--since", since, "--until", until, "--filter", "container=cli1",
                "--format", "{{.Type}} {{.Action}} {{.Actor.Attributes.name}}").out());
        JsonNode json = new ObjectMapper().readTree(cli.ok("events", "--since", since, "--until", until, "--filter", "container=cli1",
                "--format", "json").out());
        assertEquals("start", json.path("Action").asText());
        assertEquals("cli1", json.path("Actor").path("Attributes").path("name").asText());

        assertEquals("cli1 cli1 1\n", cli.ok("stats", "--no-stream", "--format", "{{.Container}} {{.Name}} {{.PIDs}}", "cli1").out());
        String stats = cli.ok("stats", "--no-stream", "--format", "table {{.Name}}\\t{{.PIDs}}").out();
        assertTrue(stats.matches("NAME +PIDS\ncli1 +1\n"), stats);

        String version = cli.ok("version").out();
        assertTrue(version.contains("\n\nServer: mini-docker " + dev.minidocker.engine.Engine.productVersion() + "\n Engine:\n")
                && version.contains("  API version:   " + dev.minidocker.api.ApiVersion.CURRENT + " (minimum version "), version);
    }
}
