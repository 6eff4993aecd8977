package dev.minidocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.minidocker.RootOnly;
import dev.minidocker.daemon.Daemon;
import dev.minidocker.daemon.DaemonAddress;
import dev.minidocker.daemon.DaemonOptions;
import dev.minidocker.runtime.container.ContainerRemove;
import dev.minidocker.runtime.host.CgroupManagerFactory;
import dev.minidocker.state.ContainerStore;
import dev.minidocker.testing.LocalRegistry;
import dev.minidocker.testing.TestImages;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
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
    private Daemon daemon;

    @AfterEach
    void stop() {
        if (daemon != null) daemon.close();
        ContainerStore store = new ContainerStore(root);
        for (String id : store.ids()) new ContainerRemove(store, new CgroupManagerFactory()).remove(id, true);
    }

    private CliProcess md(String... args) throws Exception {
        String[] all = new String[args.length + 2];
        all[0] = "--root";
        all[1] = root.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return CliProcess.run(Map.of(), null, all);
    }

    private CliProcess ok(String... args) throws Exception {
        CliProcess r = md(args);
        assertEquals(0, r.code(), String.join(" ", args) + ": " + r.out() + r.err());
        return r;
    }

    /**
     * {@code inspect NAME} as docker's: a container first, then an image, a network, a volume;
     * {@code --type} looks in one kind only; a name none has prints docker's empty array and a line.
     */
    @Test
    void inspectFindsContainersImagesNetworksAndVolumes() throws Exception {
        String image = LocalRegistry.shared().push(TestImages.busybox(), "engine/inspect", TestImages.TAG);
        ok("pull", "-q", image);
        ok("run", "--name", "insp", "--network", "none", image, "true");
        ok("volume", "create", "insp-vol");
        ok("network", "create", "insp-net");
        try {
            assertEquals("container /insp [true]\n", ok("inspect", "-f", "container {{.Name}} {{.Config.Cmd}}", "insp").out());
            assertEquals(ok("image", "inspect", "-f", "{{.Id}}", image).out(), ok("inspect", "-f", "{{.Id}}", image).out());
            assertEquals("insp-net bridge\n", ok("inspect", "-f", "{{.Name}} {{.Driver}}", "insp-net").out());
            assertEquals("insp-vol local\n", ok("inspect", "-f", "{{.Name}} {{.Driver}}", "insp-vol").out());
            assertEquals("insp-net\n", ok("inspect", "--type", "network", "-f", "{{.Name}}", "insp-net").out());

            CliProcess wrongKind = md("inspect", "--type", "volume", "insp-net");
            assertEquals(1, wrongKind.code());
            assertEquals("[]\n", wrongKind.out());
            assertEquals("Error: No such volume: insp-net\n", wrongKind.err());
            CliProcess partly = md("inspect", "-f", "{{.Name}}", "insp", "nosuch");
            assertEquals(1, partly.code(), "a miss exits 1, as docker's");
            assertEquals("/insp\n", partly.out(), "what was found is printed");
            assertEquals("Error: No such object: nosuch\n", partly.err());
            CliProcess badType = md("inspect", "--type", "bogus", "insp");
            assertEquals(125, badType.code());
            assertEquals("mini-docker: \"bogus\" is not a valid value for --type\n", badType.err());
        } finally {
            ok("network", "rm", "insp-net");
            ok("volume", "rm", "insp-vol");
        }
    }

    /** ps and images take docker's --format (a template, "table ...", "json"); container ls/rm and image ls/rm are theirs. */
    @Test
    void listVerbsTakeDockersFormatsAndManagementNames() throws Exception {
        String image = LocalRegistry.shared().push(TestImages.busybox(), "engine/formats", TestImages.TAG);
        ok("pull", "-q", image);
        ok("run", "--name", "fmt", "--label", "b=2", "--label", "a=1", "--network", "none", image, "true");

        assertEquals("fmt exited a=1,b=2\n", ok("ps", "-a", "--format", "{{.Names}} {{.State}} {{.Labels}}").out());
        assertEquals("NAMES     NETWORKS\nfmt       none\n",
                ok("container", "ls", "-a", "--format", "table {{.Names}}\\t{{.Networks}}").out());
        JsonNode row = new ObjectMapper().readTree(ok("ps", "-a", "--format", "json").out());
        assertEquals("fmt", row.get("Names").asText());
        assertEquals("\"true\"", row.get("Command").asText());
        assertEquals(image + "\n", ok("image", "ls", "--format", "{{.Repository}}:{{.Tag}}").out());
        assertEquals("REPOSITORY\n" + image.substring(0, image.lastIndexOf(':')) + "\n",
                ok("images", "--format", "table {{.Repository}}").out());

        assertEquals("fmt\n", ok("container", "rm", "fmt").out());
        assertEquals("", ok("container", "list", "-aq").out());
        ok("image", "rm", image);
        assertEquals("", ok("image", "list", "-q").out());
    }

    /** system prune: after docker's prompt (a "no" keeps everything), stopped containers and unused networks go. */
    @Test
    void systemPruneRemovesStoppedContainersAndUnusedNetworks() throws Exception {
        String image = LocalRegistry.shared().push(TestImages.busybox(), "engine/prune", TestImages.TAG);
        ok("pull", "-q", image);
        ok("run", "--name", "pruned", "--network", "none", image, "true");
        String id = ok("ps", "-aq", "--no-trunc").out().strip();
        ok("network", "create", "pruned-net");
        try {
            CliProcess no = CliProcess.run(Map.of(), "n\n", "--root", root.toString(), "system", "prune");
            assertEquals(0, no.code(), no.err());
            assertTrue(no.out().startsWith("WARNING! This will remove:\n  - all stopped containers\n"), no.out());
            assertEquals(id + "\n", ok("ps", "-aq", "--no-trunc").out(), "a no keeps them");

            String out = ok("system", "prune", "-f").out();
            assertTrue(out.startsWith("Deleted Containers:\n" + id + "\n\nDeleted Networks:\npruned-net\n\nTotal reclaimed space: "), out);
            assertEquals("", ok("ps", "-aq").out());
            assertTrue(!ok("network", "ls").out().contains("pruned-net"));
            assertEquals(image + "\n", ok("image", "ls", "--format", "{{.Repository}}:{{.Tag}}").out(), "tagged images stay");
        } finally {
            md("network", "rm", "pruned-net");
        }
    }

    /** create takes run's options and arguments (options stop at the image), makes the container, and start starts it. */
    @Test
    void createMakesAContainerThatStartStarts() throws Exception {
        String image = LocalRegistry.shared().push(TestImages.busybox(), "engine/create", TestImages.TAG);
        daemon = Daemon.start(new DaemonOptions(root, DaemonAddress.unix(root.resolve("minidocker.sock")), null, null));
        ok("pull", "-q", image);
        String id = ok("create", "--name", "made", "--network", "none", "-e", "X=7", image, "sh", "-c", "echo x=$X").out();
        assertTrue(id.matches("[0-9a-f]{64}\n"), id);
        assertEquals("made Created\n", ok("ps", "-a", "--format", "{{.Names}} {{.Status}}").out());
        assertEquals("made\n", ok("start", "made").out());
        assertEquals("0\n", ok("wait", "made").out());
        assertEquals("x=7\n", ok("logs", "made").out());
        assertEquals("", ok("diff", "made").out(), "it changed no file (its /etc/hosts and such are mount points)");
        CliProcess noSuch = md("diff", "nosuch");
        assertTrue(noSuch.code() != 0 && noSuch.err().contains("No such container: nosuch"), noSuch.err());

        CliProcess none = md("create");
        assertEquals(125, none.code());
        assertEquals("mini-docker: \"create\" requires at least 1 argument\n", none.err());
        assertEquals("made\n", ok("ps", "-a", "--format", "{{.Names}}").out(), "a refused create makes nothing");
    }

    @Test
    void eventsPauseUpdateHistoryAndDiskUsage() throws Exception {
        String image = LocalRegistry.shared().push(TestImages.busybox(), "engine/busybox", TestImages.TAG);
        daemon = Daemon.start(new DaemonOptions(root, DaemonAddress.unix(root.resolve("minidocker.sock")), null, null));
        ok("pull", "-q", image);
        assertEquals("/dev/pts/0\r\n", ok("run", "-t", "--rm", image, "tty").out(), "a client's run -t through the daemon");
        String since = Long.toString(Instant.now().getEpochSecond() - 1);
        ok("run", "-d", "--name", "cli1", image, "sleep", "60");

        assertEquals("cli1\n", ok("pause", "cli1").out());
        assertTrue(ok("ps").out().contains("(Paused)"));
        CliProcess again = md("pause", "cli1");
        assertTrue(again.code() != 0 && again.err().contains("is already paused"), again.err());
        ok("unpause", "cli1");
        ok("update", "-m", "64m", "--cpus", "0.5", "cli1");
        assertEquals("67108864 500000000\n", ok("inspect", "-f", "{{.HostConfig.Memory}} {{.HostConfig.NanoCpus}}", "cli1").out());

        List<String> history = ok("history", image).out().lines().toList();
        assertTrue(history.getFirst().matches("IMAGE\\s+CREATED\\s+CREATED BY\\s+SIZE\\s+COMMENT"), history.toString());
        assertTrue(history.size() > 1 && history.get(1).matches("[0-9a-f]{12}\\s.*"), history.toString());
        List<String> df = ok("system", "df").out().lines().toList();
        assertTrue(df.get(1).matches("Images\\s+1\\s+1\\s+.*"), df.toString());
        assertTrue(df.get(2).matches("Containers\\s+1\\s+1\\s+.*"), df.toString());

        String until = Long.toString(Instant.now().getEpochSecond() + 1);
        List<String> events = ok("events", "--since", since, "--until", until, "--filter", "container=cli1").out()
                .lines().toList();
        // run -d creates the record in the CLI's process (not the daemon's event) and starts it in the daemon
        assertEquals(1, events.size(), events.toString());
        assertTrue(events.getFirst().matches("\\S+ container start [0-9a-f]{64} \\(image=" + java.util.regex.Pattern.quote(image)
                + ", name=cli1\\)"), events.toString());
        assertEquals("container start cli1\n", ok("events", "--since", since, "--until", until, "--filter", "container=cli1",
                "--format", "{{.Type}} {{.Action}} {{.Actor.Attributes.name}}").out());
        JsonNode json = new ObjectMapper().readTree(ok("events", "--since", since, "--until", until, "--filter", "container=cli1",
                "--format", "json").out());
        assertEquals("start", json.path("Action").asText());
        assertEquals("cli1", json.path("Actor").path("Attributes").path("name").asText());

        assertEquals("cli1 cli1 1\n", ok("stats", "--no-stream", "--format", "{{.Container}} {{.Name}} {{.PIDs}}", "cli1").out());
        String stats = ok("stats", "--no-stream", "--format", "table {{.Name}}\\t{{.PIDs}}").out();
        assertTrue(stats.matches("NAME +PIDS\ncli1 +1\n"), stats);

        String version = ok("version").out();
        assertTrue(version.contains("\n\nServer: mini-docker " + dev.minidocker.engine.Engine.productVersion() + "\n Engine:\n")
                && version.contains("  API version:   " + dev.minidocker.api.ApiVersion.CURRENT + " (minimum version "), version);
    }
}
