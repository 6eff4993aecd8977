package dev.minidocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.RootOnly;
import dev.minidocker.testing.DockerCli;
import dev.minidocker.testing.LocalRegistry;
import dev.minidocker.testing.TestDaemon;
import dev.minidocker.testing.TestImages;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --stop-signal} and {@code --stop-timeout} (Compose's stop_signal and stop_grace_period):
 * a stop without -t sends the container's signal and waits its timeout, from our CLI and from the
 * docker CLI (whose stop sends no t); inspect shows both. And {@code --shm-size},
 * {@code --memory-reservation} and {@code --log-opt}.
 */
@RootOnly
class RunSettingsCliRootTest {
    private static final String TRAP_USR1 = "trap 'echo got-usr1; exit 7' USR1; while true; do sleep 0.1; done";
    private static final String IGNORE_TERM = "trap '' TERM; while true; do sleep 0.1; done";
    @TempDir
    Path root;
    @TempDir
    Path dockerConfig;
    private TestDaemon daemon;
    private StoreCli cli;
    private String image;

    @BeforeEach
    void start() throws Exception {
        cli = new StoreCli(root);
        image = LocalRegistry.shared().push(TestImages.busybox(), "engine/stop", TestImages.TAG);
        daemon = TestDaemon.start(root);
        cli.ok("pull", "-q", image);
    }

    @AfterEach
    void stop() {
        if (daemon != null) daemon.close();
    }

    @Test
    void aStopWithoutTimeoutUsesTheContainersSignalAndTimeout() throws Exception {
        cli.ok("run", "-d", "--name", "usr1", "--network", "none", "--stop-signal", "SIGUSR1", image, "sh", "-c", TRAP_USR1);
        assertEquals("SIGUSR1\n", cli.ok("inspect", "-f", "{{.Config.StopSignal}}", "usr1").out());
        Thread.sleep(300); // the trap is set
        cli.ok("stop", "usr1");
        assertEquals("7\n", cli.ok("inspect", "-f", "{{.State.ExitCode}}", "usr1").out(), "SIGUSR1 ran the trap");
        assertEquals("got-usr1\n", cli.ok("logs", "usr1").out());

        cli.ok("run", "-d", "--name", "stubborn", "--network", "none", "--stop-timeout", "1", image, "sh", "-c", IGNORE_TERM);
        assertEquals("1\n", cli.ok("inspect", "-f", "{{.Config.StopTimeout}}", "stubborn").out());
        long start = System.nanoTime();
        cli.ok("stop", "stubborn");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals("137\n", cli.ok("inspect", "-f", "{{.State.ExitCode}}", "stubborn").out(), "killed after its 1 s");
        assertTrue(millis < 8000, "stop waited its container's 1 s, not 10: " + millis + " ms");

        CliProcess bad = cli.run("run", "--rm", "--stop-signal", "SIGNOPE", image, "true");
        assertEquals(125, bad.code());
        assertEquals("mini-docker: Invalid signal: SIGNOPE\n", bad.err());
    }

    /** --cidfile, as the docker CLI does it: the id of a foreground, detached or created container; never over a file. */
    @Test
    void theCidfileGetsTheIdAndIsNeverOverwritten(@TempDir Path files) throws Exception {
        Path fg = files.resolve("fg.cid");
        String hostname = cli.ok("run", "--rm", "--cidfile", fg.toString(), "--network", "none", image, "hostname").out().strip();
        String id = java.nio.file.Files.readString(fg);
        assertTrue(id.matches("[0-9a-f]{64}") && id.startsWith(hostname), id + " / " + hostname);

        Path bg = files.resolve("bg.cid");
        String detached = cli.ok("run", "-d", "--cidfile", bg.toString(), "--network", "none", image, "sleep", "60").out().strip();
        assertEquals(detached, java.nio.file.Files.readString(bg));
        Path created = files.resolve("created.cid");
        String made = cli.ok("create", "--cidfile", created.toString(), image, "true").out().strip();
        assertEquals(made, java.nio.file.Files.readString(created));

        String before = cli.ok("ps", "-aq").out();
        CliProcess taken = cli.run("run", "--rm", "--cidfile", bg.toString(), image, "true");
        assertEquals(125, taken.code());
        assertEquals("mini-docker: container ID file found, make sure the other container isn't running or delete " + bg + "\n",
                taken.err());
        assertEquals(detached, java.nio.file.Files.readString(bg), "the file is left as it was");
        Path failed = files.resolve("failed.cid");
        assertEquals(125, cli.run("run", "--rm", "--cidfile", failed.toString(), "--pull", "never", "nosuch/image", "true").code());
        assertTrue(!java.nio.file.Files.exists(failed), "no id, no file");
        assertEquals(before, cli.ok("ps", "-aq").out(), "no container from the refused runs");
        cli.ok("rm", "-f", detached, made);
    }

    @Test
    void exposedPortsFromBothClientsAreInInspectAndMinusPPublishesThem() throws Exception {
        cli.ok("run", "-d", "--name", "exposed", "--expose", "9000", "--expose", "7000-7001/udp", "-P", image,
                "sleep", "60");
        assertEquals("{\"7000/udp\":{},\"7001/udp\":{},\"9000/tcp\":{}}\n",
                cli.ok("inspect", "-f", "{{json .Config.ExposedPorts}}", "exposed").out());
        String ports = cli.ok("port", "exposed").out();
        for (String p : new String[] {"9000/tcp -> ", "7000/udp -> ", "7001/udp -> "}) assertTrue(ports.contains(p), ports);
        CliProcess bad = cli.run("run", "--rm", "--expose", "80/http", image, "true");
        assertEquals(125, bad.code());
        assertEquals("mini-docker: invalid proto: http\n", bad.err());

        DockerCli docker = daemon.docker(dockerConfig);
        docker.run("run", "-d", "--name", "dexposed", "--expose", "8080", image, "sleep", "60").ok();
        assertEquals("{\"8080/tcp\":{}}\n", docker.run("inspect", "-f", "{{json .Config.ExposedPorts}}", "dexposed").ok().stdout());
        assertEquals("", docker.run("port", "dexposed").ok().stdout(), "exposed, not published");
        cli.ok("rm", "-f", "exposed", "dexposed");
    }

    @Test
    void theDockerClientsStopSendsNoTimeoutAndGetsTheContainers() throws Exception {
        DockerCli docker = daemon.docker(dockerConfig);
        docker.run("run", "-d", "--name", "dusr1", "--stop-signal", "USR1", "--stop-timeout", "2", image, "sh", "-c", TRAP_USR1).ok();
        assertEquals("USR1 2\n", docker.run("inspect", "-f", "{{.Config.StopSignal}} {{.Config.StopTimeout}}", "dusr1").ok().stdout());
        Thread.sleep(300);
        docker.run("stop", "dusr1").ok();
        assertEquals("7\n", docker.run("inspect", "-f", "{{.State.ExitCode}}", "dusr1").ok().stdout());
        docker.run("run", "-d", "--name", "dstubborn", "--stop-timeout", "1", image, "sh", "-c", IGNORE_TERM).ok();
        long start = System.nanoTime();
        docker.run("stop", "dstubborn").ok();
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals("137\n", docker.run("inspect", "-f", "{{.State.ExitCode}}", "dstubborn").ok().stdout());
        assertTrue(millis < 8000, "the daemon used the container's 1 s: " + millis + " ms");
    }

    /** --shm-size (Compose's shm_size): /dev/shm of that size, from our CLI and the docker CLI; inspect shows Docker's default otherwise. */
    @Test
    void shmSizeSizesDevShm() throws Exception {
        assertEquals("262144\n", cli.ok("run", "--rm", "--network", "none", "--shm-size", "256m", image,
                "sh", "-c", "df -k /dev/shm | tail -n 1 | awk '{print $2}'").out());
        DockerCli docker = daemon.docker(dockerConfig);
        assertEquals("102400\n", docker.run("run", "--rm", "--shm-size", "100m", image,
                "sh", "-c", "df -k /dev/shm | tail -n 1 | awk '{print $2}'").ok().stdout());
        docker.run("create", "--name", "plain", image, "true").ok();
        assertEquals("67108864\n", docker.run("inspect", "-f", "{{.HostConfig.ShmSize}}", "plain").ok().stdout());
    }

    /** --memory-reservation (Compose's mem_reservation): the cgroup's soft limit (v1) or memory.low (v2); update changes it. */
    @Test
    void aMemoryReservationIsWrittenToTheCgroupAndUpdated() throws Exception {
        String id = cli.ok("run", "-d", "--name", "soft", "--network", "none", "--memory-reservation", "64m", image,
                "sleep", "300").out().strip();
        assertEquals("67108864\n", cli.ok("inspect", "-f", "{{.HostConfig.MemoryReservation}}", "soft").out());
        assertEquals("67108864", softLimit(id));
        cli.ok("update", "--memory-reservation", "96m", "soft");
        assertEquals("100663296", softLimit(id));
        CliProcess above = cli.run("run", "--rm", "-m", "32m", "--memory-reservation", "64m", image, "true");
        assertEquals(125, above.code());
        assertEquals("mini-docker: Minimum memory limit can not be less than memory reservation limit, see usage\n", above.err());
    }

    /** --log-opt max-size/max-file (Compose's logging options): the json-file log rotates, docker logs reads across the files. */
    @Test
    void logOptionsRotateTheLog() throws Exception {
        DockerCli docker = daemon.docker(dockerConfig);
        String id = docker.run("run", "-d", "--log-opt", "max-size=1k", "--log-opt", "max-file=2", image, "sh", "-c",
                "i=0; while [ $i -lt 100 ]; do echo line-$i; i=$((i+1)); done; sleep 300").ok().stdout().strip();
        String logs = "";
        for (int i = 0; i < 100 && !logs.endsWith("line-99\n"); i++) {
            Thread.sleep(100);
            logs = docker.run("logs", id).ok().stdout();
        }
        java.util.List<String> lines = logs.lines().toList();
        assertEquals("line-99", lines.getLast());
        int first = Integer.parseInt(lines.getFirst().substring(5));
        assertEquals(java.util.stream.IntStream.range(first, 100).mapToObj(i -> "line-" + i).toList(), lines);
        assertTrue(first > 0 && lines.size() < 40, "two files of about 1 KB: " + lines.size() + " lines");
        try (var files = java.nio.file.Files.list(root.resolve("containers").resolve(id))) {
            assertEquals(2, files.filter(f -> f.getFileName().toString().contains("-json.log")).count());
        }
        assertEquals("json-file map[max-file:2 max-size:1k]\n",
                docker.run("inspect", "-f", "{{.HostConfig.LogConfig.Type}} {{.HostConfig.LogConfig.Config}}", id).ok().stdout());
        CliProcess syslog = cli.run("run", "--rm", "--log-driver", "syslog", image, "true");
        assertEquals(125, syslog.code());
        assertEquals("mini-docker: logging driver \"syslog\" is not supported (mini-docker has json-file and none)\n", syslog.err());
    }

    /**
     * --log-driver none (Compose's logging: driver: none): logs refuses as Docker's does, attach
     * (the docker CLI's foreground run) still gets the output, and what is kept for it stays bounded.
     */
    @Test
    void theNoneDriverKeepsNoLogButAttachWorks() throws Exception {
        cli.ok("run", "-d", "--name", "quiet", "--network", "none", "--log-driver", "none", image, "sh", "-c",
                "seq 1 400000; touch /done; sleep 300");
        for (int i = 0; i < 200 && cli.run("exec", "quiet", "test", "-e", "/done").code() != 0; i++) Thread.sleep(100);
        assertEquals("running\n", cli.ok("inspect", "-f", "{{.State.Status}}", "quiet").out(), "its output never blocked it");
        Thread.sleep(500); // the daemon has written what it read
        String id = cli.ok("inspect", "-f", "{{.Id}}", "quiet").out().strip();
        try (var files = java.nio.file.Files.list(root.resolve("containers").resolve(id))) {
            var logFiles = files.filter(f -> f.getFileName().toString().contains("-json.log")).toList();
            assertEquals(1, logFiles.size(), logFiles.toString());
            long size = java.nio.file.Files.size(logFiles.getFirst());
            assertTrue(size <= (1 << 20) + 200, "~2.7 MB of output, at most 1 MiB kept: " + size);
        }
        CliProcess logs = cli.run("logs", "quiet");
        assertEquals(1, logs.code());
        assertEquals("mini-docker: configured logging driver does not support reading\n", logs.err());

        DockerCli docker = daemon.docker(dockerConfig);
        assertEquals("none map[]\n", docker.run("inspect", "-f", "{{.HostConfig.LogConfig.Type}} {{.HostConfig.LogConfig.Config}}",
                "quiet").ok().stdout());
        var dockerLogs = docker.run("logs", "quiet");
        assertEquals(1, dockerLogs.exitCode());
        assertTrue(dockerLogs.stderr().contains("configured logging driver does not support reading"), dockerLogs.stderr());
        assertEquals("hi\n", docker.run("run", "--rm", "--log-driver", "none", image, "echo", "hi").ok().stdout(),
                "the docker CLI's run attaches before it starts");
        CliProcess withOpt = cli.run("run", "--rm", "--log-driver", "none", "--log-opt", "max-size=1m", image, "true");
        assertEquals(125, withOpt.code());
        assertEquals("mini-docker: unknown log opt 'max-size' for none log driver\n", withOpt.err());
        cli.ok("rm", "-f", "quiet");
    }

    /** ps -s and inspect -s: the writable layer's size and, with the image, the "virtual" one; the same from our CLI and docker's. */
    @Test
    void psSizeShowsTheWritableLayerAndTheVirtualSize() throws Exception {
        cli.ok("run", "-d", "--name", "grower", "--network", "none", image, "sh", "-c",
                "dd if=/dev/zero of=/big bs=1k count=2000 2>/dev/null; touch /done; sleep 300");
        for (int i = 0; i < 100 && cli.run("exec", "grower", "test", "-e", "/done").code() != 0; i++) Thread.sleep(100);
        String ours = cli.ok("ps", "-s", "--format", "{{.Names}} {{.Size}}").out();
        assertTrue(ours.matches("grower 2\\.0\\dMB \\(virtual \\d+(\\.\\d+)?MB\\)\n"), ours);
        DockerCli docker = daemon.docker(dockerConfig);
        assertEquals(ours, docker.run("ps", "-s", "--format", "{{.Names}} {{.Size}}").ok().stdout());
        String sizes = cli.ok("inspect", "-s", "-f", "{{.SizeRw}} {{.SizeRootFs}}", "grower").out();
        assertTrue(sizes.matches("20\\d{5} \\d{7,}\n"), "2000 KiB and more with the image: " + sizes);
        assertEquals(sizes, docker.run("inspect", "--size", "-f", "{{.SizeRw}} {{.SizeRootFs}}", "grower").ok().stdout());
    }

    /** top CONTAINER PS-OPTIONS: the host's ps with those options, only the container's rows; from our CLI and docker's. */
    @Test
    void topTakesPsOptions() throws Exception {
        cli.ok("run", "-d", "--name", "busy", "--network", "none", image, "sh", "-c", "sleep 300 & sleep 301");
        java.util.List<String> aux = cli.ok("top", "busy", "aux").out().lines().toList();
        assertTrue(aux.getFirst().matches("USER +PID +%CPU +%MEM +VSZ +RSS +TTY +STAT +START +TIME +COMMAND"), aux.toString());
        assertTrue(aux.stream().anyMatch(l -> l.endsWith("sleep 300")) && aux.stream().anyMatch(l -> l.endsWith("sleep 301")),
                aux.toString());
        assertTrue(aux.stream().noneMatch(l -> l.contains("java")), "only the container's processes: " + aux);
        String ours = cli.ok("top", "busy", "-o", "pid,comm").out();
        assertTrue(ours.matches("PID +COMMAND\n(\\d+ +sleep\n){2,3}"), ours);
        DockerCli docker = daemon.docker(dockerConfig);
        assertEquals(ours.replaceAll(" +", " "), docker.run("top", "busy", "-o", "pid,comm").ok().stdout().replaceAll(" +", " "));
        CliProcess noPid = cli.run("top", "busy", "-o", "comm");
        assertEquals(1, noPid.code(), "docker top exits 1 on the daemon's error");
        assertEquals("mini-docker: Couldn't find PID field in ps output\n", noPid.err());
    }

    /**
     * network create --internal (Compose's internal: true): its containers reach each other by name,
     * and nothing beyond: no default route (so nothing is even sent), no masquerade, a forward chain
     * that drops what would cross the bridge. Inspect says Internal.
     */
    @Test
    void anInternalNetworkReachesNothingBeyondIt() throws Exception {
        DockerCli docker = daemon.docker(dockerConfig);
        docker.run("network", "create", "--internal", "closed").ok();
        try {
            assertEquals("true\n", docker.run("network", "inspect", "-f", "{{.Internal}}", "closed").ok().stdout());
            docker.run("run", "-d", "--name", "inside", "--network", "closed", image, "sh", "-c",
                    "mkdir -p /www && echo hello-inside > /www/index.html && exec httpd -f -p 80 -h /www").ok();
            String out = cli.ok("run", "--rm", "--network", "closed", image, "sh", "-c",
                    "ip route; for i in 1 2 3 4 5 6 7 8 9 10; do wget -O- http://inside/ 2>/dev/null && break; sleep 0.3; done;"
                            + " wget -O- http://10.99.99.99/ 2>&1 | tail -n 1").out();
            assertTrue(out.contains("hello-inside"), "a neighbour by name: " + out);
            assertTrue(!out.contains("default"), "no default route: " + out);
            assertTrue(out.contains("Network is unreachable"), "nothing beyond: " + out);
            String bridge = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(root.resolve("networks/closed.json").toFile()).path("Bridge").asText();
            String table = dev.minidocker.testing.Tools.run("nft", "list", "table", "ip", "minidocker-" + bridge);
            assertTrue(table.contains("chain isolation") && !table.contains("masquerade"), table);
        } finally {
            docker.run("rm", "-f", "inside");
            docker.run("network", "rm", "closed");
        }
    }

    /** The container's memory.soft_limit_in_bytes (cgroup v1) or memory.low (v2), wherever its cgroup is. */
    private static String softLimit(String id) throws Exception {
        try (var dirs = java.nio.file.Files.find(Path.of("/sys/fs/cgroup"), 4,
                (p, a) -> a.isDirectory() && p.getFileName() != null && p.getFileName().toString().equals(id))) {
            for (Path dir : dirs.toList()) {
                for (String file : java.util.List.of("memory.soft_limit_in_bytes", "memory.low")) {
                    Path f = dir.resolve(file);
                    if (java.nio.file.Files.exists(f)) return java.nio.file.Files.readString(f).strip();
                }
            }
        }
        throw new AssertionError("no memory cgroup of " + id);
    }


}
