package dev.minidocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.RootOnly;
import dev.minidocker.network.ContainerNetworking;
import dev.minidocker.network.Endpoint;
import dev.minidocker.state.ContainerStore;
import dev.minidocker.testing.StoreLeaks;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bridge networking with real containers. Traffic stays on this machine: between containers on
 * the test's own bridge, and from the host to a container through 127.0.0.1.
 */
@RootOnly
class NetworkRootTest {
    @TempDir
    Path tmp;
    Path root;
    Path rootfs;
    StoreLeaks leaks;

    @BeforeEach
    void setUp() throws IOException {
        root = tmp.resolve("store");
        rootfs = BusyboxRootfs.create(tmp.resolve("rootfs"));
        leaks = StoreLeaks.watch(root);
    }

    @AfterEach
    void nothingLeftBehind() {
        leaks.assertNothingLeft();   // every container of the store: cgroups, veths, port tables; then its bridges
    }

    CompletableFuture<Integer> start(String... args) {
        List<String> all = new ArrayList<>(List.of("--root", root.toString(), "run"));
        all.addAll(List.of(args));
        return CompletableFuture.supplyAsync(() -> Main.run(all.toArray(String[]::new)),
                r -> Thread.ofPlatform().start(r));
    }

    int run(String... args) {
        List<String> all = new ArrayList<>(List.of("--root", root.toString(), "run"));
        all.addAll(List.of(args));
        return Main.run(all.toArray(String[]::new));
    }

    /** Waits until the named container is on its network; its endpoint. */
    Endpoint endpointOf(String name) throws InterruptedException {
        ContainerStore store = new ContainerStore(root);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            try {
                String id = store.resolve(name);
                var e = new ContainerNetworking(root, store).endpoint(id);
                if (e.isPresent()) return e.get();
            } catch (RuntimeException notYet) {
                // not created yet
            }
            Thread.sleep(20);
        }
        throw new AssertionError("container " + name + " never joined a network");
    }

    static final String CLIENT_LOOP = "for i in $(seq 100); do nc -w 2 %s 7000 > /%s 2>/dev/null; [ -s /%s ] && break; sleep 0.1; done";

    @Test
    void twoContainersOnTheDefaultBridgePingAndTalkTcp() throws Exception {
        var server = start("--rm", "--name", "srv", "-r", rootfs.toString(), "sh", "-c", "echo pong | nc -l -p 7000");
        Endpoint srv = endpointOf("srv");
        assertTrue(srv.address().startsWith("10."), srv.address());
        assertEquals(0, run("--rm", "-r", rootfs.toString(), "sh", "-c",
                "ping -c 1 -W 2 " + srv.address() + " && " + CLIENT_LOOP.formatted(srv.address(), "tcp-out", "tcp-out")));
        assertEquals("pong", Files.readString(rootfs.resolve("tcp-out")).strip());
        assertEquals(0, server.get(30, TimeUnit.SECONDS));
    }

    @Test
    void hostReachesAServerThroughAPublishedPort() throws Exception {
        var server = start("--rm", "--name", "web", "-p", "127.0.0.1::80", "-r", rootfs.toString(),
                "sh", "-c", "echo hello | nc -l -p 80");
        Endpoint web = endpointOf("web");
        assertEquals(1, web.ports().size());
        int port = web.ports().getFirst().hostPort();
        String ps = "";
        for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10); System.nanoTime() < end; Thread.sleep(50)) {
            ps = stdoutOf("--root", root.toString(), "ps"); // lists it once its state says running
            if (ps.contains("web")) break;
        }
        assertTrue(ps.contains("127.0.0.1:" + port + "->80/tcp"), ps);
        String got = "";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!got.equals("hello") && System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                s.setSoTimeout(3000);
                try (InputStream in = s.getInputStream()) {
                    got = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
                }
            } catch (IOException notListeningYet) {
                Thread.sleep(50);
            }
        }
        assertEquals("hello", got);
        assertEquals(0, server.get(30, TimeUnit.SECONDS));
    }

    @Test
    void containersOnAUserNetworkFindEachOtherByName() throws Exception {
        assertEquals(0, Main.run("--root", root.toString(), "network", "create", "testnet"));
        var server = start("--rm", "--name", "alpha", "--network", "testnet", "-r", rootfs.toString(),
                "sh", "-c", "echo pong | nc -l -p 7000");
        endpointOf("alpha");
        assertEquals(0, run("--rm", "--name", "beta", "--network", "testnet", "-r", rootfs.toString(), "sh", "-c",
                "ping -c 1 -W 2 alpha && " + CLIENT_LOOP.formatted("alpha", "by-name", "by-name")));
        assertEquals("pong", Files.readString(rootfs.resolve("by-name")).strip());
        assertEquals(0, server.get(30, TimeUnit.SECONDS));
        assertEquals(0, Main.run("--root", root.toString(), "network", "rm", "testnet"));
    }

    @Test
    void containerModeSharesTheOtherContainersNetworkNamespace() throws Exception {
        var server = start("--rm", "--name", "owner", "-r", rootfs.toString(), "sh", "-c", "echo shared | nc -l -p 7000");
        Endpoint owner = endpointOf("owner");
        Thread.sleep(300); // the owner must be running (not just attached) to be joined
        while (!new ContainerStore(root).state(new ContainerStore(root).resolve("owner")).orElseThrow().isRunning()) {
            Thread.sleep(20);
        }
        assertEquals(0, run("--rm", "--network", "container:owner", "-r", rootfs.toString(), "sh", "-c",
                "ip -4 -o addr show eth0 > /joined-addr; " + CLIENT_LOOP.formatted("127.0.0.1", "joined", "joined")));
        assertTrue(Files.readString(rootfs.resolve("joined-addr")).contains("inet " + owner.address() + "/"));
        assertEquals("shared", Files.readString(rootfs.resolve("joined")).strip());
        assertEquals(0, server.get(30, TimeUnit.SECONDS));
    }

    @Test
    void whatACrashedRunLeftIsReclaimedByTheNextRun() throws Exception {
        // A run process killed with SIGKILL cleans nothing; its container is killed afterwards too.
        Process crashed = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "dev.minidocker.cli.Main", "--root", root.toString(), "run", "--name", "victim", "-p", "127.0.0.1::80",
                "-r", rootfs.toString(), "sleep", "60").redirectErrorStream(true).start();
        Endpoint victim;
        try {
            victim = endpointOf("victim");
        } catch (AssertionError notStarted) {
            crashed.destroyForcibly().waitFor();
            throw new AssertionError(notStarted.getMessage() + "; its output: "
                    + new String(crashed.getInputStream().readAllBytes(), StandardCharsets.UTF_8), notStarted);
        }
        ContainerStore store = new ContainerStore(root);
        String id = store.resolve("victim");
        while (!store.state(id).orElseThrow().isRunning()) Thread.sleep(20);
        long init = store.state(id).orElseThrow().pid();
        crashed.destroyForcibly().waitFor();
        Path address = root.resolve("networks/bridge/addresses").resolve(victim.address());
        Path port = new dev.minidocker.network.PortReservations().file(victim.ports().getFirst());
        // Checked while the container still runs: once it is dead, any store's prune or -p on this
        // machine may reclaim the (machine-wide) port reservation, as it should.
        assertTrue(Files.exists(port), "the killed run left its port reservation");
        ProcessHandle.of(init).ifPresent(ProcessHandle::destroyForcibly);
        while (ProcessHandle.of(init).map(ProcessHandle::isAlive).orElse(false)) Thread.sleep(20);
        assertTrue(Files.exists(address), "the crash left its address (only this store's runs reclaim it)");

        assertEquals(0, run("--rm", "-r", rootfs.toString(), "true"));
        assertFalse(Files.exists(address), "the dead run's address was reclaimed");
        assertFalse(Files.exists(port), "the dead run's port was reclaimed");
        assertFalse(NetworkTestSupport.run("nft", "list", "tables").contains("minidocker-p-" + id.substring(0, 12)));
        assertEquals(0, Main.run("--root", root.toString(), "rm", "victim"));
    }

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)   // 50 stage-2 JVMs on 2 busy cores: its own waits allow 5 min
    void fiftyConcurrentRunsGetFiftyDistinctAddresses() throws Exception {
        Files.createDirectories(rootfs.resolve("addrs"));
        List<CompletableFuture<Integer>> runs = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            // each keeps its address until all 50 wrote theirs, so every allocation overlaps the others
            // (a generous wait: on a loaded 2-core machine 50 stage-2 JVMs take a while to start)
            runs.add(start("--rm", "-r", rootfs.toString(), "sh", "-c",
                    "ip -4 -o addr show eth0 > /addrs/$(hostname); "
                            + "for i in $(seq 1800); do [ $(ls /addrs | wc -l) -ge 50 ] && exit 0; sleep 0.1; done; exit 9"));
        }
        List<Integer> codes = new ArrayList<>();
        for (var r : runs) codes.add(r.get(300, TimeUnit.SECONDS));
        assertEquals(java.util.Collections.nCopies(50, 0), codes, "every container saw all 50 running at once");
        Set<String> addresses = new HashSet<>();
        try (var files = Files.list(rootfs.resolve("addrs"))) {
            for (Path f : files.toList()) {
                String line = Files.readString(f);
                addresses.add(line.replaceAll("(?s).*inet ([0-9.]+)/.*", "$1"));
            }
        }
        assertEquals(50, addresses.size(), "addresses: " + addresses);
        assertEquals(List.of(), Files.list(root.resolve("networks/bridge/addresses")).toList(), "addresses freed");
    }

    /** What the CLI prints to System.out for these arguments (exit code 0 asserted). */
    private static String stdoutOf(String... args) {
        java.io.PrintStream old = System.out;
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, Main.run(args));
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
