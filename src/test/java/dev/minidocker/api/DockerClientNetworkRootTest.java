package dev.minidocker.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.RootOnly;
import dev.minidocker.cli.Main;
import dev.minidocker.testing.DockerCli;
import dev.minidocker.testing.LocalRegistry;
import dev.minidocker.testing.TestDaemon;
import dev.minidocker.testing.TestImages;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real docker client and published ports: {@code run -p} through the Engine API publishes
 * (traffic from 127.0.0.1 reaches the container), {@code docker port}, {@code ps} PORTS and
 * {@code inspect -f} read NetworkSettings, and a second run on the same port fails as in Docker.
 */
@RootOnly
class DockerClientNetworkRootTest {
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
        assertEquals(0, Main.run("--root", root.toString(), "network", "prune"));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    @Test
    void publishedPortsWorkAndShowInPortPsAndInspect() throws Exception {
        int port = freePort();
        docker.run("run", "-d", "--name", "web", "-p", "127.0.0.1:" + port + ":80", "-p", "127.0.0.1::7000/udp", image,
                "sh", "-c", "while true; do echo hello | nc -l -p 80; done").ok();

        List<String> ports = docker.run("port", "web").ok().stdout().lines().toList();
        assertEquals(2, ports.size(), String.join("\n", ports));
        assertTrue(ports.contains("80/tcp -> 127.0.0.1:" + port), ports.toString());
        assertTrue(ports.stream().anyMatch(l -> l.startsWith("7000/udp -> 127.0.0.1:")), ports.toString());
        assertEquals("127.0.0.1:" + port + "\n", docker.run("port", "web", "80").ok().stdout());
        String ps = docker.run("ps", "--format", "{{.Ports}}").ok().stdout();
        assertTrue(ps.contains("127.0.0.1:" + port + "->80/tcp"), ps);

        String ip = docker.run("inspect", "-f", "{{.NetworkSettings.IPAddress}}", "web").ok().stdout().strip();
        assertTrue(ip.matches("10\\.213\\.\\d+\\.\\d+"), ip);
        assertEquals(ip, docker.run("inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", "web")
                .ok().stdout().strip());
        String mac = docker.run("inspect", "-f", "{{.NetworkSettings.MacAddress}}", "web").ok().stdout().strip();
        assertTrue(docker.run("exec", "web", "ip", "-o", "link", "show", "eth0").ok().stdout().contains("link/ether " + mac + " "));
        assertEquals("127.0.0.1 " + port, docker.run("inspect", "-f",
                "{{range $p, $b := .NetworkSettings.Ports}}{{if eq $p \"80/tcp\"}}{{(index $b 0).HostIp}} {{(index $b 0).HostPort}}{{end}}{{end}}",
                "web").ok().stdout().strip());

        assertEquals("hello", readFrom(port));

        DockerCli.Result clash = docker.run("run", "--rm", "-p", "127.0.0.1:" + port + ":80", image, "true");
        assertEquals(125, clash.exitCode(), clash.stderr());
        assertTrue(clash.stderr().contains("Bind for 127.0.0.1:" + port + " failed: port is already allocated"), clash.stderr());
        assertEquals("web\n", docker.run("ps", "-a", "--format", "{{.Names}}").ok().stdout(), "the --rm loser is gone");
        docker.run("rm", "-f", "web").ok();
        String bridge = java.nio.file.Files.readString(root.resolve("networks/bridge.json"))
                .replaceAll("(?s).*\"Bridge\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        Process p = new ProcessBuilder("ip", "-o", "link", "show", "master", bridge).redirectErrorStream(true).start();
        String left = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        assertEquals("", left, "no veth left on " + bridge);
    }

    @Test
    void networkVerbsOfTheDockerClient() {
        String id = docker.run("network", "create", "apinet").ok().stdout().strip();
        assertTrue(id.matches("[0-9a-f]{64}"), id);
        DockerCli.Result again = docker.run("network", "create", "apinet");
        assertTrue(again.exitCode() != 0 && again.stderr().contains("network with name apinet already exists"), again.stderr());
        assertTrue(docker.run("network", "ls", "--format", "{{.Name}} {{.Driver}} {{.Scope}}").ok().stdout()
                .contains("apinet bridge local"));

        docker.run("run", "-d", "--name", "member", "--network", "apinet", image, "sleep", "60").ok();
        String ip = docker.run("inspect", "-f", "{{.NetworkSettings.Networks.apinet.IPAddress}}", "member").ok().stdout().strip();
        assertTrue(ip.matches("10\\.213\\.\\d+\\.\\d+"), ip);
        assertEquals("member " + ip + "/24", docker.run("network", "inspect", "-f",
                "{{range .Containers}}{{.Name}} {{.IPv4Address}}{{end}}", "apinet").ok().stdout().strip());
        assertEquals(id, docker.run("network", "inspect", "-f", "{{.Id}}", id.substring(0, 12)).ok().stdout().strip());

        DockerCli.Result busy = docker.run("network", "rm", "apinet");
        assertTrue(busy.exitCode() != 0 && busy.stderr().contains("has active endpoints"), busy.stderr());
        docker.run("rm", "-f", "member").ok();
        assertEquals("apinet\n", docker.run("network", "rm", "apinet").ok().stdout());
        DockerCli.Result gone = docker.run("network", "inspect", "apinet");
        assertTrue(gone.exitCode() != 0 && gone.stderr().contains("network apinet not found"), gone.stderr());
        docker.run("network", "prune", "-f").ok();

        // not on a bridge: Networks names the mode, no address, no ports; the client reads it all
        docker.run("run", "-d", "--name", "alone", "--network", "none", image, "sleep", "60").ok();
        assertEquals("none [] {}", docker.run("inspect", "-f", "{{range $k, $v := .NetworkSettings.Networks}}{{$k}}{{end}}"
                + " [{{.NetworkSettings.IPAddress}}] {{json .NetworkSettings.Ports}}", "alone").ok().stdout().strip());
        assertEquals("", docker.run("port", "alone").ok().stdout());
        docker.run("rm", "-f", "alone").ok();
    }

    @Test
    void aUserSpecifiedAddressAndConnectWithAliases() {
        docker.run("network", "create", "--label", "team=a", "ipnet").ok();
        assertEquals("map[] map[team:a]", docker.run("network", "inspect", "-f", "{{.Options}} {{.Labels}}", "ipnet").ok().stdout().strip(),
                "inspect shows exactly the options and labels given");
        String subnet = docker.run("network", "inspect", "-f", "{{range .IPAM.Config}}{{.Subnet}}{{end}}", "ipnet").ok().stdout().strip();
        String ip = subnet.substring(0, subnet.lastIndexOf('.')) + ".77";
        docker.run("run", "-d", "--name", "fixed", "--network", "ipnet", "--ip", ip, image, "sleep", "60").ok();
        assertEquals(ip, docker.run("inspect", "-f", "{{.NetworkSettings.Networks.ipnet.IPAddress}}", "fixed").ok().stdout().strip());
        DockerCli.Result taken = docker.run("run", "--rm", "--network", "ipnet", "--ip", ip, image, "true");
        assertTrue(taken.exitCode() != 0 && taken.stderr().contains("Address already in use"), taken.stderr());
        DockerCli.Result onDefault = docker.run("run", "--rm", "--ip", ip, image, "true");
        assertTrue(onDefault.exitCode() != 0 && onDefault.stderr().contains("supported on user defined networks only"), onDefault.stderr());

        docker.run("create", "--name", "late", "--network", "none", image, "sleep", "60").ok();
        docker.run("network", "connect", "--alias", "db", "ipnet", "late").ok();
        assertTrue(docker.run("inspect", "-f", "{{json .NetworkSettings.Networks.ipnet.Aliases}}", "late").ok().stdout().contains("\"db\""));
        docker.run("start", "late").ok();
        String lateIp = docker.run("inspect", "-f", "{{.NetworkSettings.Networks.ipnet.IPAddress}}", "late").ok().stdout().strip();
        assertTrue(docker.run("exec", "fixed", "nslookup", "db").ok().stdout().contains(lateIp));
        // an alias two members share is no error in Docker: the name answers with both addresses
        docker.run("run", "-d", "--name", "twin", "--network", "ipnet", "--network-alias", "db", image, "sleep", "60").ok();
        String twinIp = docker.run("inspect", "-f", "{{.NetworkSettings.Networks.ipnet.IPAddress}}", "twin").ok().stdout().strip();
        String both = docker.run("exec", "fixed", "nslookup", "db").ok().stdout();
        assertTrue(both.contains(lateIp) && both.contains(twinIp), both);
        DockerCli.Result twice = docker.run("network", "connect", "ipnet", "late");
        assertTrue(twice.exitCode() != 0 && twice.stderr().contains("already exists in network ipnet"), twice.stderr());
        DockerCli.Result noNet = docker.run("network", "connect", "nosuchnet", "late");
        assertTrue(noNet.exitCode() != 0 && noNet.stderr().contains("network nosuchnet not found"), noNet.stderr());
        DockerCli.Result noContainer = docker.run("network", "connect", "ipnet", "nosuchcontainer");
        assertTrue(noContainer.exitCode() != 0 && noContainer.stderr().contains("No such container"), noContainer.stderr());
        docker.run("network", "disconnect", "ipnet", "late").ok();
        String left = docker.run("exec", "fixed", "nslookup", "db").ok().stdout();
        assertTrue(left.contains(twinIp) && !left.contains(lateIp), "db answers for twin only: " + left);
        docker.run("rm", "-f", "twin").ok();
        DockerCli.Result gone = docker.run("exec", "fixed", "nslookup", "db");
        assertTrue(gone.exitCode() != 0, "db no longer resolves: " + gone.stdout());
        docker.run("rm", "-f", "fixed", "late").ok();
        docker.run("network", "rm", "ipnet").ok();
    }

    private static String readFrom(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                s.setSoTimeout(3000);
                try (InputStream in = s.getInputStream()) {
                    String got = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
                    if (got.equals("hello")) return got;
                }
            } catch (IOException notListeningYet) {
                // the server is not up yet
            }
            Thread.sleep(50);
        }
        return "(nothing)";
    }
}
