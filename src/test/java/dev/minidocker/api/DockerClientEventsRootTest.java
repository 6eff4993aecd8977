package dev.minidocker.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.RootOnly;
import dev.minidocker.testing.DockerCli;
import dev.minidocker.testing.LocalRegistry;
import dev.minidocker.testing.TestDaemon;
import dev.minidocker.testing.TestImages;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The docker client's {@code events --since X --until Y} over the daemon's socket: a run's
 * container events, network, volume and image events in order, the filters, and Docker's 400
 * for a filter key it does not know.
 */
@RootOnly
class DockerClientEventsRootTest {
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
    void eventsOfARunBetweenSinceAndUntil() {
        String since = unix(Instant.now());
        assertEquals("hi\n", docker.run("run", "--rm", "--name", "evrun", image, "echo", "hi").ok().stdout());
        docker.run("network", "create", "evnet").ok();
        docker.run("network", "rm", "evnet").ok();
        docker.run("volume", "create", "evvol").ok();
        docker.run("volume", "rm", "evvol").ok();
        docker.run("tag", image, "evtag:1").ok();
        docker.run("rmi", "evtag:1").ok();
        String until = unix(Instant.now());

        List<String> all = docker.run(30, "events", "--since", since, "--until", until,
                "--format", "{{.Type}} {{.Action}} {{.Actor.Attributes.name}}").ok().stdout().lines().toList();
        List<String> run = all.stream().filter(l -> l.startsWith("container ")).toList();
        assertEquals(List.of("container create evrun", "container start evrun", "container die evrun",
                "container destroy evrun"), run, String.join("\n", all));
        assertTrue(all.containsAll(List.of("network create evnet", "network destroy evnet", "volume create <no value>",
                "volume destroy <no value>", "image tag evtag:1", "image untag evtag:1")), String.join("\n", all));
        assertTrue(all.indexOf("network create evnet") < all.indexOf("volume create <no value>"), String.join("\n", all));

        String die = docker.run(30, "events", "--since", since, "--until", until, "--filter", "event=die",
                "--filter", "container=evrun", "--format", "{{.Action}} {{.Actor.Attributes.exitCode}}").ok().stdout();
        assertEquals("die 0\n", die);
        assertEquals("", docker.run(30, "events", "--since", until, "--until", until).ok().stdout());

        DockerCli.Result bad = docker.run(30, "events", "--since", since, "--until", until, "--filter", "colour=red");
        assertTrue(bad.exitCode() != 0 && bad.stderr().contains("invalid filter 'colour'"), bad.stderr());
    }

    @Test
    void systemDfAndHistory() {
        docker.run("run", "-d", "--name", "dfrun", image, "sleep", "100").ok();
        docker.run("volume", "create", "dfvol").ok();
        docker.run("run", "--rm", "-v", "dfvol:/d", image, "dd", "if=/dev/zero", "of=/d/f", "bs=1024", "count=100").ok();
        String df = docker.run("system", "df", "--format", "{{.Type}} {{.TotalCount}} {{.Active}} {{.Size}}").ok().stdout();
        List<String> rows = df.lines().toList();
        assertTrue(rows.get(0).startsWith("Images 1 1 "), df);
        assertTrue(rows.get(1).startsWith("Containers 1 1 "), df);
        assertTrue(rows.get(2).matches("Local Volumes 1 0 10[0-9](\\.[0-9]+)?kB"), df);

        String verbose = docker.run("system", "df", "-v").ok().stdout();
        assertTrue(verbose.contains("dfrun") && verbose.contains("dfvol"), verbose);
        String id = docker.run("images", "-q", image).ok().stdout().strip();
        assertTrue(docker.run("image", "history", "--no-trunc", image).ok().stdout().contains("sha256:"));
        List<String> history = docker.run("history", "--format", "{{.ID}}|{{.Size}}", image).ok().stdout().lines().toList();
        assertTrue(!history.isEmpty() && history.getFirst().startsWith(id + "|"), String.join("\n", history));
        DockerCli.Result missing = docker.run("history", "no-such-image:1");
        assertTrue(missing.exitCode() != 0 && missing.stderr().contains("No such image"), missing.stderr());
    }

    @Test
    void dockerPyEventsDiskUsagePauseUpdateHistorySaveLoad() throws Exception {
        dev.minidocker.testing.Tools.require("python3", "python3-docker");
        String script = String.join("\n",
                "import docker, time",
                "c = docker.DockerClient(base_url='unix://" + daemon.socket() + "')",
                "since = int(time.time()) - 1",
                "ctr = c.containers.run('" + image + "', ['sleep', '60'], detach=True, name='pyev')",
                "ctr.pause()",
                "assert c.containers.get(ctr.id).status == 'paused'",
                "ctr.unpause()",
                "ctr.update(mem_limit='64m')",
                "assert c.containers.get(ctr.id).attrs['HostConfig']['Memory'] == 64 * 1024 * 1024",
                "df = c.df()",
                "assert df['LayersSize'] > 0 and len(df['Images']) == 1 and df['Images'][0]['Containers'] == 1, df",
                "assert [x['Id'] for x in df['Containers']] == [ctr.id], df",
                "hist = c.api.history('" + image + "')",
                "assert hist and hist[0]['Id'].startswith('sha256:'), hist",
                "data = b''.join(c.images.get('" + image + "').save())",
                "assert [i.id for i in c.images.load(data)] == [c.images.get('" + image + "').id]",
                "ctr.remove(force=True)",
                "time.sleep(0.2)",
                "until = int(time.time()) + 1",
                "actions = [e['Action'] for e in c.events(since=since, until=until, decode=True, filters={'container': 'pyev'})]",
                "assert actions[:4] == ['create', 'start', 'pause', 'unpause'] and actions[-1] == 'destroy', actions",
                "print('ok')");
        Process p = new ProcessBuilder("python3", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), "docker-py timed out: " + out);
        assertEquals("ok\n", out);
    }

    private static String unix(Instant t) {
        return t.getEpochSecond() + "." + String.format("%09d", t.getNano());
    }
}
