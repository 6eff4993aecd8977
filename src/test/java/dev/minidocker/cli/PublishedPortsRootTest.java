package dev.minidocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minidocker.RootOnly;
import dev.minidocker.network.ContainerNetworking;
import dev.minidocker.network.Endpoint;
import dev.minidocker.network.PortReservations;
import dev.minidocker.state.ContainerStore;
import dev.minidocker.testing.StoreLeaks;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a Docker user sees of published ports and addresses: inspect's NetworkSettings (and the
 * templates that read it), network inspect's Containers, and clashes refused machine-wide: a port
 * another store's container publishes, a port a host program listens on, a host IP this machine
 * does not have. Traffic: none beyond the test's own bridges and 127.0.0.1.
 */
@RootOnly
class PublishedPortsRootTest {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Containers wait for this file in their rootfs, so the test decides when they end. */
    static final String WAIT = "ip -o link show eth0 > /link-$(hostname); while [ ! -f /stop ]; do sleep 0.1; done";
    @TempDir
    Path tmp;
    Path root;
    Path otherRoot;
    Path rootfs;
    final List<CompletableFuture<Integer>> running = new ArrayList<>();
    StoreLeaks leaks;
    StoreLeaks otherLeaks;

    @BeforeEach
    void setUp() throws IOException {
        root = tmp.resolve("store");
        otherRoot = tmp.resolve("other-store");
        rootfs = BusyboxRootfs.create(tmp.resolve("rootfs"));
        leaks = StoreLeaks.watch(root);
        otherLeaks = StoreLeaks.watch(otherRoot);
    }

    @AfterEach
    void nothingLeftBehind() throws Exception {
        try {
            Files.writeString(rootfs.resolve("stop"), "");
            for (var r : running) assertEquals(0, r.get(60, TimeUnit.SECONDS));
        } finally {
            try {
                leaks.assertNothingLeft();
            } finally {
                otherLeaks.assertNothingLeft();
            }
        }
        assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains(tmp.toString()), "a mount survived");
    }

    void start(Path store, String... args) {
        List<String> all = new ArrayList<>(List.of("--root", store.toString(), "run", "--rm"));
        all.addAll(List.of(args));
        running.add(CompletableFuture.supplyAsync(() -> Main.run(all.toArray(String[]::new)), r -> Thread.ofPlatform().start(r)));
    }

    /** The endpoint of a container once it is on its network and running. */
    Endpoint endpointOf(Path store, String name) throws InterruptedException {
        ContainerStore containers = new ContainerStore(store);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            try {
                String id = containers.resolve(name);
                var e = new ContainerNetworking(store, containers).endpoint(id);
                if (e.isPresent() && containers.state(id).orElseThrow().isRunning()) return e.get();
            } catch (RuntimeException notYet) {
                // not created yet
            }
            Thread.sleep(20);
        }
        throw new AssertionError("container " + name + " never joined a network");
    }

    static CliCall cli(String... args) {
        return CliCall.run(args);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    @Test
    void inspectShowsAddressesMacAndPortsAsDockerDoes() throws Exception {
        int port = freePort();
        start(root, "--name", "web", "-p", "127.0.0.1:" + port + ":80", "-p", "127.0.0.1::53/udp",
                "-r", rootfs.toString(), "sh", "-c", WAIT);
        Endpoint web = endpointOf(root, "web");
        String r = root.toString();

        assertEquals(web.address() + " " + web.prefix() + " " + web.gateway(), cli("--root", r, "inspect", "-f",
                "{{.NetworkSettings.IPAddress}} {{.NetworkSettings.IPPrefixLen}} {{.NetworkSettings.Gateway}}", "web").out().strip());
        JsonNode n = JSON.readTree(cli("--root", r, "inspect", "web").out()).get(0).get("NetworkSettings");
        int udpPort = web.ports().get(1).hostPort();
        assertEquals(JSON.readTree("{\"80/tcp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"" + port + "\"}],"
                + "\"53/udp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"" + udpPort + "\"}]}"), n.get("Ports"));
        JsonNode bridge = n.get("Networks").get("bridge");
        assertEquals(web.address(), bridge.get("IPAddress").asText());
        assertEquals(web.networkId(), bridge.get("NetworkID").asText());
        assertEquals(64, web.networkId().length());
        // the MAC inspect shows is the one eth0 really has
        Path linkFile = rootfs.resolve("link-" + web.hostname());
        for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20); !Files.exists(linkFile) && System.nanoTime() < end; ) {
            Thread.sleep(20); // running, but its shell may not have written the file yet
        }
        String link = Files.readString(linkFile);
        assertTrue(link.contains("link/ether " + n.get("MacAddress").asText() + " "), link + " vs " + n);
        assertEquals(n.get("MacAddress"), bridge.get("MacAddress"));

        // port lists the same bindings
        assertEquals("80/tcp -> 127.0.0.1:" + port + "\n53/udp -> 127.0.0.1:" + udpPort + "\n",
                cli("--root", r, "port", "web").out());
        // network inspect lists the container with its address and MAC
        JsonNode members = JSON.readTree(cli("--root", r, "network", "inspect", "bridge").out()).get(0).get("Containers");
        JsonNode member = members.get(new ContainerStore(root).resolve("web"));
        assertEquals(web.address() + "/" + web.prefix(), member.get("IPv4Address").asText());
        assertEquals(n.get("MacAddress"), member.get("MacAddress"));
    }

    @Test
    void aUserNetworksAddressIsUnderItsNameAsInDocker() throws Exception {
        assertEquals(0, Main.run("--root", root.toString(), "network", "create", "ppnet"));
        start(root, "--name", "api", "--network", "ppnet", "-r", rootfs.toString(), "sh", "-c", WAIT);
        Endpoint api = endpointOf(root, "api");
        CliCall got = cli("--root", root.toString(), "inspect", "-f",
                "[{{.NetworkSettings.IPAddress}}] {{.NetworkSettings.Networks.ppnet.IPAddress}}"
                        + " {{.NetworkSettings.Networks.ppnet.Gateway}} {{.HostConfig.NetworkMode}}", "api");
        assertEquals("[] " + api.address() + " " + api.gateway() + " ppnet", got.out().strip(), got.err());
        assertEquals("ppnet " + api.address(), cli("--root", root.toString(), "inspect", "-f",
                "{{range $name, $n := .NetworkSettings.Networks}}{{$name}} {{$n.IPAddress}}{{end}}", "api").out().strip());
        Files.writeString(rootfs.resolve("stop"), "");
        for (var r : running) assertEquals(0, r.get(60, TimeUnit.SECONDS));
        assertEquals(0, Main.run("--root", root.toString(), "network", "rm", "ppnet"));
    }

    @Test
    void aPortPublishedByAnotherStoresContainerIsRefusedAndNothingStays() throws Exception {
        int port = freePort();
        start(otherRoot, "--name", "holder", "-p", "127.0.0.1:" + port + ":80", "-r", rootfs.toString(), "sh", "-c", WAIT);
        Endpoint holder = endpointOf(otherRoot, "holder");
        String holderId = new ContainerStore(otherRoot).resolve("holder");

        CliCall clash = cli("--root", root.toString(), "run", "--rm", "--name", "second", "-p", "127.0.0.1:" + port + ":80",
                "-r", rootfs.toString(), "true");
        assertEquals(125, clash.code(), clash.err());
        assertEquals("mini-docker: driver failed programming external connectivity on endpoint second: Bind for 127.0.0.1:"
                + port + " failed: port is already allocated", clash.err().strip());
        assertEquals(List.of(), new ContainerStore(root).ids(), "--rm: no record left");
        for (String b : NetworkTestSupport.bridgesOf(root)) {
            assertEquals("", NetworkTestSupport.run("ip", "-o", "link", "show", "master", b), "no veth left on " + b);
        }
        String ruleset = NetworkTestSupport.run("nft", "list", "ruleset");
        assertFalse(ruleset.replace("dnat to " + holder.address() + ":80", "").contains("dport " + port + " dnat"),
                "only the holder's DNAT rules use the port:\n" + ruleset);
        assertTrue(Files.readString(new PortReservations().file(holder.ports().getFirst())).startsWith(holderId + " "),
                "the holder keeps its reservation");
    }

    @Test
    void aPortAHostProgramListensOnIsRefused() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = busy.getLocalPort();
            CliCall clash = cli("--root", root.toString(), "run", "--rm", "-p", "127.0.0.1:" + port + ":80",
                    "-r", rootfs.toString(), "true");
            assertEquals(125, clash.code(), clash.err());
            assertTrue(clash.err().strip().endsWith("Bind for 127.0.0.1:" + port + " failed: port is already allocated"),
                    clash.err());
            assertFalse(Files.exists(new PortReservations().file(new dev.minidocker.model.PortBinding("127.0.0.1", port, 80, "tcp"))));
            assertEquals(List.of(), new ContainerStore(root).ids());
        }
    }

    @Test
    void aHostIpThisMachineDoesNotHaveIsAClearError() {
        CliCall bad = cli("--root", root.toString(), "run", "--rm", "-p", "192.0.2.7:8080:80", "-r", rootfs.toString(), "true");
        assertEquals(125, bad.code(), bad.err());
        assertEquals("mini-docker: cannot publish on 192.0.2.7:8080: 192.0.2.7 is not an address of this host"
                + " (use 127.0.0.1, 0.0.0.0 or a local address)", bad.err().strip());
        assertEquals(List.of(), new ContainerStore(root).ids());
    }

    @Test
    void twoContainersShareAPortOnDifferentLoopbackAddresses() throws Exception {
        int port = freePort();
        start(root, "--name", "one", "-p", "127.0.0.2:" + port + ":80", "-r", rootfs.toString(), "sh", "-c",
                "echo from-one | nc -l -p 80");
        start(otherRoot, "--name", "two", "-p", "127.0.0.1:" + port + ":80", "-r", rootfs.toString(), "sh", "-c",
                "echo from-two | nc -l -p 80");
        endpointOf(root, "one");
        endpointOf(otherRoot, "two");
        CliCall every = cli("--root", root.toString(), "run", "--rm", "-p", port + ":80", "-r", rootfs.toString(), "true");
        assertEquals(125, every.code(), "0.0.0.0 overlaps both: " + every.err());
        assertEquals("from-one", readFrom("127.0.0.2", port));
        assertEquals("from-two", readFrom("127.0.0.1", port));
    }

    private static String readFrom(String ip, int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(new java.net.InetSocketAddress(ip, port), 2000);
                s.setSoTimeout(3000);
                String got = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                if (!got.isEmpty()) return got;
            } catch (IOException notListeningYet) {
                // the server is not up yet
            }
            Thread.sleep(50);
        }
        return "(nothing from " + ip + ")";
    }
}
