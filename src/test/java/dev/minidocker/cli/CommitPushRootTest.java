package dev.minidocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minidocker.RootOnly;
import dev.minidocker.testing.LocalRegistry;
import dev.minidocker.testing.StoreLeaks;
import dev.minidocker.testing.TestImages;
import dev.minidocker.testing.TokenServer;
import java.util.Map;
import dev.minidocker.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The authoring loop with the real CLI: a container changes, adds and deletes files (a file and a
 * directory of its image among them), is committed with --change; the image runs with the changes
 * and without the deleted paths; pushed to a local registry, skopeo sees a valid manifest and
 * podman pulls and runs it with the same result.
 */
@RootOnly
class CommitPushRootTest {
    /** What the committed image shows: the changed, the new, and the deleted paths. */
    private static final String PROBE = "cat /etc/passwd | tail -1; cat /new/dir/file; ls /etc/group /home/app 2>&1 | wc -l;"
            + " test -e /etc/group || echo no-group; test -e /home/app || echo no-home-app; echo $FOO";
    private static final String EXPECTED = "changed:x:1:1::/:/bin/sh\nnew content\n2\nno-group\nno-home-app\nbar baz\n";

    @TempDir Path tmp;
    MiniDockerProcess md;
    StoreLeaks leaks;
    String image;

    @BeforeEach
    void setUp() {
        md = new MiniDockerProcess(tmp.resolve("store"), tmp.resolve("logs"));
        leaks = StoreLeaks.watch(md.root());
        image = LocalRegistry.shared().push(TestImages.busybox(), "i10wire/base", TestImages.TAG);
    }

    @AfterEach
    void nothingLeftBehind() {
        leaks.assertNothingLeft();
    }

    @Test
    void commitRunPushAndPodmanRunsIt() throws Exception {
        md.call("run", "--name", "maker", image, "sh", "-c",
                "echo changed:x:1:1::/:/bin/sh >> /etc/passwd && mkdir -p /new/dir && echo new content > /new/dir/file"
                        + " && rm /etc/group && rm -r /home/app").ok();
        String ref = LocalRegistry.shared().host() + "/i10wire/committed:v1";
        String id = md.call("commit", "-m", "my change", "-a", "tester", "-c", "ENV FOO=\"bar baz\"",
                "--change", "CMD [\"sh\", \"-c\", \"" + PROBE.replace("\"", "\\\"") + "\"]", "maker", ref).ok().out().strip();
        assertTrue(id.matches("sha256:[0-9a-f]{64}"), id);

        JsonNode inspect = new ObjectMapper().readTree(md.call("image", "inspect", ref).ok().out()).get(0);
        assertEquals(id, inspect.at("/Id").asText());
        assertEquals("tester", inspect.at("/Author").asText());
        assertEquals(2, inspect.at("/RootFS/Layers").size(), inspect.toString());
        assertEquals(EXPECTED, md.call("run", "--rm", ref).ok().out());

        md.call("tag", ref, "i10wire/local:again").ok();
        md.call("image", "tag", "i10wire/local:again", "i10wire/local:third").ok();
        assertEquals(EXPECTED, md.call("run", "--rm", "i10wire/local:third").ok().out());

        MiniDockerProcess.Result push = md.call("push", ref).ok();
        assertTrue(push.out().contains("The push refers to repository [" + LocalRegistry.shared().host() + "/i10wire/committed]"), push.out());
        assertTrue(push.out().contains(": Pushed"), push.out());
        assertTrue(push.out().matches("(?s).*v1: digest: sha256:[0-9a-f]{64} size: \\d+\n"), push.out());
        MiniDockerProcess.Result again = md.call("push", ref).ok();
        assertTrue(again.out().contains("Layer already exists") && !again.out().contains(": Pushed"), again.out());

        Tools.require("skopeo", "skopeo");
        JsonNode manifest = new ObjectMapper().readTree(Tools.run("skopeo", "inspect", "--raw", "--tls-verify=false",
                "docker://" + ref));
        assertEquals(2, manifest.at("/schemaVersion").asInt());
        assertEquals(2, manifest.at("/layers").size());
        JsonNode seen = new ObjectMapper().readTree(Tools.run("skopeo", "inspect", "--tls-verify=false", "docker://" + ref));
        assertEquals(2, seen.at("/Layers").size());
        assertEquals("amd64", seen.at("/Architecture").asText());

        assertEquals(EXPECTED, podmanRun(ref));
        md.call("rm", "maker").ok();
    }

    @Test
    void theImageKeepsTheContainersHealthCheckAndLabelsAsDockersCommitDoes() throws Exception {
        md.call("run", "--name", "checked", "--health-cmd", "true", "--health-interval", "5s", "--label", "team=a",
                image, "true").ok();
        md.call("commit", "checked", "i10wire/checked:1").ok();
        JsonNode first = imageConfig("i10wire/checked:1");
        assertEquals("[\"CMD-SHELL\",\"true\"]", first.at("/Healthcheck/Test").toString(), first.toString());
        assertEquals(5_000_000_000L, first.at("/Healthcheck/Interval").asLong(), first.toString());
        assertEquals("a", first.at("/Labels/team").asText(), first.toString());

        // A container of that image, run without flags and committed with a change, keeps both.
        md.call("run", "--name", "plain", "i10wire/checked:1", "true").ok();
        md.call("commit", "-c", "LABEL extra=1", "plain", "i10wire/checked:2").ok();
        JsonNode second = imageConfig("i10wire/checked:2");
        assertEquals("[\"CMD-SHELL\",\"true\"]", second.at("/Healthcheck/Test").toString(), second.toString());
        assertEquals("a", second.at("/Labels/team").asText());
        assertEquals("1", second.at("/Labels/extra").asText());

        // --no-healthcheck is the container's setting too: the image gets Test ["NONE"].
        md.call("run", "--name", "unchecked", "--no-healthcheck", "i10wire/checked:1", "true").ok();
        md.call("commit", "unchecked", "i10wire/checked:3").ok();
        assertEquals("[\"NONE\"]", imageConfig("i10wire/checked:3").at("/Healthcheck/Test").toString());
        md.call("rm", "checked", "plain", "unchecked").ok();
    }

    private JsonNode imageConfig(String ref) throws Exception {
        return new ObjectMapper().readTree(md.call("image", "inspect", ref).ok().out()).get(0).at("/Config");
    }

    @Test
    void aRunningContainerIsFrozenWhileCommittedAndRunsOnAfterwards() throws Exception {
        Process runner = md.start("runner", "run", "--name", "live", image, "sh", "-c",
                "echo during > /during; while true; do sleep 0.1; done");
        try {
            md.awaitRunning("live");
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (md.call("exec", "live", "cat", "/during").code() != 0 && System.nanoTime() < deadline) Thread.sleep(100);
            md.call("commit", "live", "i10wire/live:1").ok();
            md.call("commit", "--pause=false", "live", "i10wire/live:2").ok();
            assertEquals("during\n", md.call("exec", "live", "cat", "/during").ok().out(), "thawed after the commit");
            assertEquals("during\n", md.call("run", "--rm", "i10wire/live:1", "cat", "/during").ok().out());
            assertEquals("during\n", md.call("run", "--rm", "i10wire/live:2", "cat", "/during").ok().out());
        } finally {
            md.call("rm", "-f", "live");
            runner.waitFor();
        }
    }

    @Test
    void badInputIsOneLineAndDockersExitCodeAndLeavesNothing() throws Exception {
        md.call("pull", "-q", image).ok();
        List<String> before = storeEntries();
        MiniDockerProcess.Result unknown = md.call("commit", "nosuch", "i10wire/x");
        assertEquals(1, unknown.code());
        assertEquals("mini-docker: No such container: nosuch\n", unknown.err());
        MiniDockerProcess.Result badTag = md.call("tag", image, "i10wire/Upper");
        assertEquals(1, badTag.code());
        assertEquals("mini-docker: Error parsing reference: \"i10wire/Upper\" is not a valid repository/tag: invalid"
                + " reference format: repository name (i10wire/Upper) must be lowercase\n", badTag.err());
        MiniDockerProcess.Result noImage = md.call("tag", "i10wire/none", "i10wire/x");
        assertEquals(1, noImage.code());
        assertEquals("mini-docker: No such image: i10wire/none:latest\n", noImage.err());
        MiniDockerProcess.Result notLocal = md.call("push", "i10wire/none");
        assertEquals(1, notLocal.code());
        assertEquals("mini-docker: An image does not exist locally with the tag: i10wire/none\n", notLocal.err());

        md.call("run", "--name", "gone", image, "true").ok();
        MiniDockerProcess.Result badChange = md.call("commit", "-c", "RUN true", "gone", "i10wire/x");
        assertEquals(1, badChange.code());
        assertEquals("mini-docker: run is not a valid change command\n", badChange.err());
        md.call("rm", "gone").ok();
        MiniDockerProcess.Result removed = md.call("commit", "gone", "i10wire/x");
        assertEquals(1, removed.code());
        assertEquals("mini-docker: No such container: gone\n", removed.err());
        assertEquals(before, storeEntries(), "no layer, no image after failed commits");
        assertFalse(md.call("images").ok().out().contains("i10wire/x"));
    }

    @Test
    void pushGoesThroughARunningDaemon() throws Exception {
        md.call("pull", "-q", image).ok();
        // only the daemon has the private registry's credentials: a push that works went through it
        try (TokenServer tokens = new TokenServer(Files.createDirectories(tmp.resolve("token")), Map.of("alice", "s3cret"));
             LocalRegistry registry = LocalRegistry.start(tokens.authYaml())) {
        String ref = registry.host() + "/i10wire/viadaemon:1";
        md.call("tag", image, ref).ok();
        Path daemonConfig = Files.createDirectories(tmp.resolve("daemon-docker-config"));
        Files.writeString(daemonConfig.resolve("config.json"), "{\"auths\":{\"" + registry.host() + "\":{\"auth\":\""
                + java.util.Base64.getEncoder().encodeToString("alice:s3cret".getBytes()) + "\"}}}");
        Path clientConfig = Files.createDirectories(tmp.resolve("client-docker-config"));
        MiniDockerProcess.Result denied = md.finish("denied", md.start("denied", null,
                Map.of("DOCKER_CONFIG", clientConfig.toString()), "push", ref));
        assertEquals(1, denied.code(), "in process, without credentials: " + denied.out());
        Process daemon = md.start("daemon", null, Map.of("DOCKER_CONFIG", daemonConfig.toString()), "daemon");
        try {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!Files.exists(md.root().resolve("minidocker.sock")) && System.nanoTime() < deadline) Thread.sleep(100);
            assertTrue(Files.exists(md.root().resolve("minidocker.sock")), "the daemon did not start");
            Thread.sleep(500);
            MiniDockerProcess.Result pushed = md.finish("pushed", md.start("pushed", null,
                    Map.of("DOCKER_CONFIG", clientConfig.toString()), "push", ref)).ok();
            assertTrue(pushed.out().startsWith("The push refers to repository [" + registry.host()
                    + "/i10wire/viadaemon]\n"), pushed.out());
            assertTrue(pushed.out().matches("(?s).*: (Pushed|Layer already exists|Mounted from .*)\n.*"), pushed.out());
            assertTrue(pushed.out().matches("(?s).*\n1: digest: sha256:[0-9a-f]{64} size: \\d+\n"), pushed.out());
            MiniDockerProcess.Result missing = md.call("push", "i10wire/notthere:1");
            assertEquals(1, missing.code());
            assertEquals("mini-docker: An image does not exist locally with the tag: i10wire/notthere\n", missing.err());
        } finally {
            daemon.destroy();
            daemon.waitFor();
        }
        }
    }

    /** The image and layer entries of the store. */
    private List<String> storeEntries() throws Exception {
        List<String> out = new ArrayList<>();
        try (var s = Files.list(md.root().resolve("layers"))) {
            s.forEach(p -> out.add(p.getFileName().toString()));
        }
        out.add(Files.readString(md.root().resolve("images/db.json")));
        out.sort(null);
        return out;
    }

    private String podmanRun(String ref) throws Exception {
        Tools.require("podman", "podman");
        Path root = tmp.resolve("podman-root"), runroot = tmp.resolve("podman-run");
        Path conf = Files.writeString(tmp.resolve("containers.conf"), "[containers]\ndefault_ulimits = []\n"
                + "[engine]\nruntime = \"runc\"\ncgroup_manager = \"cgroupfs\"\nevents_logger = \"none\"\n");
        List<String> podman = List.of("env", "CONTAINERS_CONF=" + conf, "podman", "--root", root.toString(),
                "--runroot", runroot.toString(), "--storage-driver", "vfs");
        try {
            Tools.run(concat(podman, "pull", "--quiet", "--tls-verify=false", ref));
            return Tools.run(concat(podman, "run", "--rm", "--network", "none", ref));
        } finally {
            try {
                Tools.run(concat(podman, "rmi", "--all", "--force"));
            } finally {
                Tools.deleteTree(root);
                Tools.deleteTree(runroot);
            }
        }
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }
}
