package dev.minidocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.RootOnly;
import dev.minidocker.network.ContainerNetworking;
import dev.minidocker.network.Endpoint;
import dev.minidocker.network.NftRules;
import dev.minidocker.state.ContainerStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CVE-2020-8558 class: route_localnet on the bridge must not open the host's loopback services
 * to containers. A container whose own loopback route is gone (changed from the host with nsenter,
 * as an attacker with CAP_NET_ADMIN in it could) sends to 127.0.0.1 through the gateway and must get
 * no answer, while a port published on 127.0.0.1 still answers from the host. Traffic: only the
 * test's own bridge and the host's 127.0.0.1.
 */
@RootOnly
class LocalnetGuardRootTest {
    @TempDir
    Path tmp;
    Path root;
    Path rootfs;
    final List<CompletableFuture<Integer>> running = new ArrayList<>();
    final List<String> ids = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        root = tmp.resolve("store");
        rootfs = BusyboxRootfs.create(tmp.resolve("rootfs"));
        Files.createDirectories(rootfs.resolve("www"));
        Files.writeString(rootfs.resolve("www/index.html"), "published\n");
    }

    @AfterEach
    void nothingLeftBehind() throws Exception {
        for (String id : ids) Main.run("--root", root.toString(), "kill", id);
        for (var r : running) r.get(60, TimeUnit.SECONDS);
        List<String> bridges = NetworkTestSupport.bridgesOf(root);
        assertEquals(0, Main.run("--root", root.toString(), "network", "prune"));
        String links = NetworkTestSupport.run("ip", "-o", "link");
        String tables = NetworkTestSupport.run("nft", "list", "tables");
        for (String b : bridges) {
            assertFalse(links.contains(" " + b + ":"), "bridge " + b + " survived:\n" + links);
            assertFalse(tables.contains(NftRules.networkTable(b)), "nft table of " + b + " survived:\n" + tables);
        }
        for (String id : ids) {
            assertFalse(links.contains("veth" + id.substring(0, 11)), "veth of " + id + " survived:\n" + links);
            assertFalse(tables.contains(NftRules.portTable(id)), "port table of " + id + " survived:\n" + tables);
        }
    }

    @Test
    void aContainerGetsNoAnswerFromAHostLoopbackPortWhileThePublishedOneAnswers() throws Exception {
        int published = freePort();
        try (LoopbackServer secret = new LoopbackServer()) {
            start("--name", "web", "-p", "127.0.0.1:" + published + ":80", "-r", rootfs.toString(),
                    "httpd", "-f", "-p", "80", "-h", "/www");
            Endpoint web = endpointOf("web");
            assertEquals("published\n", httpGet(published), "the published port answers on 127.0.0.1");

            long pid = new ContainerStore(root).state(ids.getFirst()).orElseThrow().pid();
            assertNotEquals(Files.readSymbolicLink(Path.of("/proc/self/ns/net")),
                    Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/net")), "nsenter must change the container only");
            String route = NetworkTestSupport.run("nsenter", "-t", Long.toString(pid), "-n", "sh", "-c",
                    "ip addr del 127.0.0.1/8 dev lo && echo 1 > /proc/sys/net/ipv4/conf/eth0/route_localnet"
                            + " && ip route get 127.0.0.1");
            assertTrue(route.contains("127.0.0.1 via " + web.gateway() + " dev eth0"), "127.0.0.1 goes through the gateway: " + route);

            // wget and timeout work in there: the container's own httpd answers on its address
            assertEquals(0, exec("web", "timeout 5 wget -O- http://" + web.address() + ":80/", "control"), output("control"));
            int code = exec("web", "timeout 5 wget -O- http://127.0.0.1:" + secret.port() + "/", "attack");
            assertNotEquals(0, code, "the host's loopback service answered the container: " + output("attack"));
            assertFalse(output("attack").contains(LoopbackServer.SECRET), output("attack"));
            assertEquals(0, secret.accepted(), "no connection from the container reached the host's loopback server");

            assertEquals("published\n", httpGet(published), "the published port still answers");
        }
    }

    @Test
    void aBridgeSetUpWithoutTheGuardGetsItOnTheNextRun() throws Exception {
        assertEquals(0, Main.run("--root", root.toString(), "run", "--rm", "-r", rootfs.toString(), "true"));
        String table = NftRules.networkTable(NetworkTestSupport.bridgesOf(root).getFirst());
        assertTrue(NetworkTestSupport.run("nft", "list", "table", "ip", table).contains("chain " + NftRules.LOCALNET_GUARD));
        // as a bridge set up by a mini-docker from before the guard
        NetworkTestSupport.run("nft", "delete", "chain", "ip", table, NftRules.LOCALNET_GUARD);
        assertFalse(NetworkTestSupport.run("nft", "list", "table", "ip", table).contains(NftRules.LOCALNET_GUARD));

        assertEquals(0, Main.run("--root", root.toString(), "run", "--rm", "-r", rootfs.toString(), "true"));
        String after = NetworkTestSupport.run("nft", "list", "table", "ip", table);
        assertTrue(after.contains("chain " + NftRules.LOCALNET_GUARD) && after.contains("masquerade"), after);
    }

    void start(String... args) {
        List<String> all = new ArrayList<>(List.of("--root", root.toString(), "run", "--rm"));
        all.addAll(List.of(args));
        running.add(CompletableFuture.supplyAsync(() -> Main.run(all.toArray(String[]::new)),
                r -> Thread.ofPlatform().start(r)));
    }

    /** Runs {@code script} in the container with its output kept in the rootfs under {@code name}; its exit code. */
    int exec(String container, String script, String name) {
        return Main.run("--root", root.toString(), "exec", container, "sh", "-c", script + " > /" + name + " 2>&1");
    }

    String output(String name) throws IOException {
        Path f = rootfs.resolve(name);
        return Files.exists(f) ? Files.readString(f) : "(no output)";
    }

    Endpoint endpointOf(String name) throws InterruptedException {
        ContainerStore containers = new ContainerStore(root);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            try {
                String id = containers.resolve(name);
                var e = new ContainerNetworking(root, containers).endpoint(id);
                if (e.isPresent() && containers.state(id).orElseThrow().isRunning()) {
                    if (!ids.contains(id)) ids.add(id);
                    return e.get();
                }
            } catch (RuntimeException notYet) {
                // not created yet
            }
            Thread.sleep(20);
        }
        throw new AssertionError("container " + name + " never joined a network");
    }

    /** GET / on 127.0.0.1:port, retried while httpd starts; the body. */
    static String httpGet(int port) throws Exception {
        IOException last = null;
        for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20); System.nanoTime() < end; Thread.sleep(50)) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                s.setSoTimeout(5000);
                s.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                int body = response.indexOf("\r\n\r\n");
                if (body > 0) return response.substring(body + 4);
            } catch (IOException e) {
                last = e;
            }
        }
        throw new AssertionError("no answer on 127.0.0.1:" + port, last);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    /** A host service on 127.0.0.1 only, as a debug port or a daemon's --tcp would be; counts connections. */
    static final class LoopbackServer implements AutoCloseable {
        static final String SECRET = "host-loopback-secret";
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        private final AtomicInteger accepted = new AtomicInteger();
        private final Thread acceptor = Thread.ofPlatform().daemon().start(this::serve);

        LoopbackServer() throws IOException {}

        int port() {
            return socket.getLocalPort();
        }

        int accepted() {
            return accepted.get();
        }

        private void serve() {
            while (!socket.isClosed()) {
                try (Socket s = socket.accept(); InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                    accepted.incrementAndGet();
                    in.read(new byte[1024]);
                    out.write(("HTTP/1.0 200 OK\r\n\r\n" + SECRET + "\n").getBytes(StandardCharsets.US_ASCII));
                } catch (IOException closed) {
                    // closed by the test, or a client that left
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
