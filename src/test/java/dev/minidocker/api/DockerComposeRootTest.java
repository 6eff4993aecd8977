package dev.minidocker.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import dev.minidocker.testing.StoreLeaks;
import dev.minidocker.testing.TestImages;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker-compose 1.29 (Debian's, over docker-py) against the daemon's socket: two services, one
 * publishing a port and writing its page into a named volume, the other fetching it by service
 * name over HTTP (the embedded DNS server, compose's aliases); environment, {@code up -d},
 * {@code ps}, {@code logs}, {@code exec}, a second {@code up -d} that recreates nothing, and
 * {@code down -v}, after which no container, network, volume, bridge, nft table or veth is left.
 */
@RootOnly
@Timeout(300)
class DockerComposeRootTest {
    @TempDir
    Path tmp;
    private Path root;
    private Path project;
    private Daemon daemon;
    private StoreLeaks leaks;

    @BeforeEach
    void start() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/docker-compose")),
                "docker-compose is not installed (.ci/run installs Debian's docker-compose)");
        root = tmp.resolve("store");
        project = Files.createDirectories(tmp.resolve("proj"));
        leaks = StoreLeaks.watch(root);
        Path resolvConf = Files.writeString(tmp.resolve("resolv.conf"), "# no upstreams: nothing leaves the machine\n");
        System.setProperty("minidocker.dns.resolvConf", resolvConf.toString());
        daemon = Daemon.start(new DaemonOptions(root, DaemonAddress.unix(root.resolve("md.sock")), null, "root"));
    }

    @AfterEach
    void stop() {
        try {
            if (daemon != null) daemon.close();
            ContainerStore store = new ContainerStore(root);
            for (String id : store.ids()) new ContainerRemove(store, new CgroupManagerFactory()).remove(id, true);
        } finally {
            System.clearProperty("minidocker.dns.resolvConf");
            leaks.assertNothingLeft();
        }
    }

    record Result(int code, String out) {}

    Result compose(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("docker-compose", "-p", "mdc", "--no-ansi"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("DOCKER_HOST", "unix://" + root.resolve("md.sock"));
        pb.environment().remove("DOCKER_API_VERSION");
        pb.environment().put("DOCKER_CONFIG", Files.createDirectories(tmp.resolve("docker-config")).toString());
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "docker-compose " + String.join(" ", args) + " hung");
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    Result ok(String... args) throws Exception {
        Result r = compose(args);
        assertEquals(0, r.code(), "docker-compose " + String.join(" ", args) + ":\n" + r.out());
        return r;
    }

    @Test
    void twoServicesAVolumeUpAgainAndDown() throws Exception {
        String image = LocalRegistry.shared().push(TestImages.busybox(), "engine/busybox", TestImages.TAG);
        DockerCli docker = new DockerCli(root.resolve("md.sock"), Files.createDirectories(tmp.resolve("docker-config")));
        docker.run("pull", "-q", image).ok();
        int port = freePort();
        Files.writeString(project.resolve("docker-compose.yml"), """
                version: "3.8"
                services:
                  web:
                    image: %s
                    command: ["sh", "-c", "echo $$GREETING > /www/index.html && echo web started && exec httpd -f -p 80 -h /www"]
                    environment:
                      GREETING: hello-compose
                    ports: ["127.0.0.1:%d:80"]
                    volumes: ["www:/www"]
                  client:
                    image: %s
                    command: ["sh", "-c", "while true; do wget -q -O- http://web/ > /tmp/got 2>&1; sleep 1; done"]
                    depends_on: [web]
                volumes:
                  www: {}
                """.formatted(image, port, image));

        ok("up", "-d");
        String ps = ok("ps").out();
        assertTrue(ps.contains("mdc_web_1") && ps.contains("mdc_client_1") && ps.contains("127.0.0.1:" + port + "->80/tcp"), ps);
        String got = "";
        for (int i = 0; i < 60 && !got.contains("hello-compose"); i++) {
            got = compose("exec", "-T", "client", "cat", "/tmp/got").out();
            if (!got.contains("hello-compose")) Thread.sleep(250);
        }
        assertTrue(got.contains("hello-compose"), "the client reaches web by its service name: " + got);
        assertEquals("hello-compose", httpGet(port), "the published port");
        assertTrue(ok("logs", "web").out().contains("web started"));
        String www = docker.run("volume", "inspect", "-f", "{{.Mountpoint}}", "mdc_www").ok().stdout().strip();
        assertEquals("hello-compose\n", Files.readString(Path.of(www, "index.html")));
        String bridge = Files.readString(root.resolve("networks/mdc_default.json"))
                .replaceAll("(?s).*\"Bridge\"\\s*:\\s*\"([^\"]+)\".*", "$1");

        String ids = docker.run("ps", "-q", "--no-trunc").ok().stdout();
        String again = ok("up", "-d").out();
        assertTrue(again.contains("mdc_web_1 is up-to-date") && again.contains("mdc_client_1 is up-to-date"), again);
        assertEquals(ids, docker.run("ps", "-q", "--no-trunc").ok().stdout(), "nothing was recreated");

        ok("down", "-v");
        assertEquals("", docker.run("ps", "-aq").ok().stdout());
        assertFalse(docker.run("network", "ls", "--format", "{{.Name}}").ok().stdout().contains("mdc_default"));
        assertEquals("", docker.run("volume", "ls", "-q").ok().stdout());
        assertEquals("", run("ip", "-o", "link", "show", "dev", bridge).strip(), "the project's bridge is gone");
        assertFalse(run("nft", "list", "tables").contains(bridge), "no nft table of the project's network");
        assertFalse(run("ip", "-o", "link").contains("master " + bridge), "no veth on the bridge");
    }

    /**
     * depends_on with condition service_healthy: compose starts the app only once the db's
     * health check (the daemon's, read back through inspect) passes; the docker CLI's ps shows it.
     */
    @Test
    void aDependencyIsStartedOnceItIsHealthy() throws Exception {
        String image = LocalRegistry.shared().push(TestImages.busybox(), "engine/busybox", TestImages.TAG);
        DockerCli docker = new DockerCli(root.resolve("md.sock"), Files.createDirectories(tmp.resolve("docker-config")));
        docker.run("pull", "-q", image).ok();
        Files.writeString(project.resolve("docker-compose.yml"), """
                version: "2.4"
                services:
                  db:
                    image: %s
                    command: ["sh", "-c", "sleep 2; touch /tmp/ready; exec sleep 300"]
                    healthcheck:
                      test: ["CMD", "test", "-e", "/tmp/ready"]
                      interval: 500ms
                      retries: 20
                  app:
                    image: %s
                    command: ["sleep", "300"]
                    depends_on:
                      db:
                        condition: service_healthy
                """.formatted(image, image));

        try {
            ok("up", "-d");
            assertEquals("healthy\n", docker.run("inspect", "-f", "{{.State.Health.Status}}", "mdc_db_1").ok().stdout());
            com.fasterxml.jackson.databind.JsonNode log = dev.minidocker.json.Json.MAPPER.readTree(
                    docker.run("inspect", "-f", "{{json .State.Health.Log}}", "mdc_db_1").ok().stdout());
            java.time.Instant dbHealthy = null;
            for (com.fasterxml.jackson.databind.JsonNode check : log) {
                if (check.path("ExitCode").asInt() == 0) {
                    dbHealthy = java.time.Instant.parse(check.path("End").asText());
                    break;
                }
            }
            java.time.Instant appStarted = java.time.Instant.parse(
                    docker.run("inspect", "-f", "{{json .State.StartedAt}}", "mdc_app_1").ok().stdout().strip().replace("\"", ""));
            assertTrue(dbHealthy != null && appStarted.isAfter(dbHealthy),
                    "app started " + appStarted + ", after db's first passing check " + dbHealthy + ": " + log);
            String ps = docker.run("ps", "--format", "{{.Names}} {{.Status}}").ok().stdout();
            assertTrue(ps.lines().anyMatch(l -> l.startsWith("mdc_db_1 Up") && l.endsWith("(healthy)")), ps);
        } finally {
            compose("down");
        }
    }

    static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    private static String httpGet(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                s.setSoTimeout(3000);
                s.getOutputStream().write("GET / HTTP/1.0\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                try (InputStream in = s.getInputStream()) {
                    String got = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    int body = got.indexOf("\r\n\r\n");
                    if (body >= 0) return got.substring(body + 4).strip();
                }
            } catch (IOException notListeningYet) {
                // httpd is not up yet
            }
            Thread.sleep(100);
        }
        return "(nothing)";
    }
}
