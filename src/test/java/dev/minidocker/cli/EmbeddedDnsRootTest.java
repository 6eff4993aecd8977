package dev.minidocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.RootOnly;
import dev.minidocker.daemon.Daemon;
import dev.minidocker.daemon.DaemonAddress;
import dev.minidocker.daemon.DaemonOptions;
import dev.minidocker.network.ContainerNetworking;
import dev.minidocker.network.dns.FakeUpstream;
import dev.minidocker.state.ContainerStore;
import dev.minidocker.testing.StoreLeaks;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real containers on a user network, run by a daemon, asking its embedded DNS server with busybox:
 * names and hostnames resolve, HTTP reaches a peer by name, an external name is forwarded to the
 * daemon's upstream (a fake on 127.0.0.x:53 named by the resolv.conf the daemon is pointed at, so
 * nothing leaves the machine), a removed container stops resolving, and a restarted daemon serves
 * the running containers again.
 */
@RootOnly
@Timeout(180)
class EmbeddedDnsRootTest {
    static final String EXTERNAL = "external.example";
    @TempDir
    Path tmp;
    Path root, rootfs, out;
    StoreLeaks leaks;
    FakeUpstream upstream;
    Daemon daemon;

    @BeforeEach
    void setUp() throws Exception {
        root = tmp.resolve("store");
        rootfs = BusyboxRootfs.create(tmp.resolve("rootfs"));
        out = Files.createDirectories(tmp.resolve("out"));
        leaks = StoreLeaks.watch(root);
        InetAddress fakeServer = InetAddress.ofLiteral("127.0.0." + ThreadLocalRandom.current().nextInt(100, 250));
        try {
            upstream = new FakeUpstream(new InetSocketAddress(fakeServer, 53), FakeUpstream.knowing(EXTERNAL, "192.0.2.77"));
        } catch (BindException taken) {
            Assumptions.abort("port 53 of " + fakeServer.getHostAddress() + " is taken (a DNS server on the wildcard address?): " + taken.getMessage());
        }
        Path resolvConf = tmp.resolve("host-resolv.conf");
        Files.writeString(resolvConf, "nameserver " + fakeServer.getHostAddress() + "\nsearch test.example\noptions edns0\n");
        System.setProperty("minidocker.dns.resolvConf", resolvConf.toString());
        startDaemon();
    }

    void startDaemon() {
        daemon = Daemon.start(new DaemonOptions(root, DaemonAddress.unix(root.resolve("minidocker.sock")), null, null));
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            if (daemon != null) {
                for (String id : new ContainerStore(root).ids()) cli("rm", "-f", id);
                daemon.close();
            }
        } finally {
            System.clearProperty("minidocker.dns.resolvConf");
            if (upstream != null) upstream.close();
            leaks.assertNothingLeft();
        }
    }

    Object[] cli(String... args) {
        List<String> all = new ArrayList<>(List.of("--root", root.toString()));
        all.addAll(List.of(args));
        PrintStream saved = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            int code = Main.run(all.toArray(String[]::new));
            return new Object[] {code, captured.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(saved);
        }
    }

    String ok(String... args) {
        Object[] r = cli(args);
        assertEquals(0, r[0], "mini-docker " + String.join(" ", args) + " printed " + r[1]);
        return (String) r[1];
    }

    /** A foreground run on testnet (through the daemon) whose script writes /out/NAME; that file. */
    String probe(String name, String script) throws IOException {
        cli("run", "--rm", "--network", "testnet", "-v", out + ":/out", "-r", rootfs.toString(), "sh", "-c",
                "(" + script + ") > /out/" + name + " 2>&1; echo \"exit $?\" >> /out/" + name);
        return Files.readString(out.resolve(name));
    }

    /** The same in the running container "client" (its /out is the same directory). */
    String execProbe(String name, String script) throws IOException {
        cli("exec", "client", "sh", "-c", "(" + script + ") > /out/" + name + " 2>&1; echo \"exit $?\" >> /out/" + name);
        return Files.readString(out.resolve(name));
    }

    String addressOf(String name) {
        ContainerStore store = new ContainerStore(root);
        return new ContainerNetworking(root, store).endpoint(store.resolve(name)).orElseThrow().address();
    }

    void startWeb() throws Exception {
        ok("network", "create", "testnet");
        ok("run", "-d", "--name", "web", "-h", "web-host", "--network", "testnet", "-r", rootfs.toString(), "sh", "-c",
                "mkdir -p /www && echo hello-from-web > /www/index.html && exec busybox httpd -f -p 80 -h /www");
    }

    @Test
    void containersResolveEachOtherAndExternalNamesThroughTheDaemon() throws Exception {
        startWeb();
        String web = addressOf("web");
        String conf = probe("resolv", "cat /etc/resolv.conf");
        assertTrue(conf.contains("nameserver 127.0.0.11\n") && conf.contains("search test.example\n")
                && conf.contains("options edns0 ndots:0\n"), conf);
        String byName = probe("names", "busybox nslookup web && busybox nslookup web-host");
        assertTrue(byName.contains("exit 0") && byName.split(java.util.regex.Pattern.quote(web), -1).length == 3, byName);
        String page = "";
        for (int i = 0; i < 30 && !page.contains("hello-from-web"); i++) {
            page = probe("wget", "busybox timeout 10 busybox wget -O- http://web/");
            if (!page.contains("hello-from-web")) Thread.sleep(200); // httpd still starting
        }
        assertTrue(page.contains("hello-from-web"), page);
        String external = probe("external", "busybox nslookup " + EXTERNAL);
        assertTrue(external.contains("192.0.2.77") && external.contains("exit 0"), external);
        assertTrue(upstream.wasAsked(EXTERNAL));

        ok("rm", "-f", "web");
        String gone = probe("gone", "busybox nslookup web");
        assertFalse(gone.contains(web) || gone.contains("exit 0"), gone);
    }

    @Test
    void aRestartedDaemonServesItsRunningContainersAgain() throws Exception {
        startWeb();
        String web = addressOf("web");
        ok("run", "-d", "--name", "client", "--network", "testnet", "-v", out + ":/out", "-r", rootfs.toString(),
                "sh", "-c", "while true; do sleep 1; done");
        String before = execProbe("before", "busybox nslookup web");
        assertTrue(before.contains(web) && before.contains("exit 0"), before);
        daemon.close();
        daemon = null;
        String down = execProbe("down", "busybox nslookup web");
        assertFalse(down.contains(web) || down.contains("exit 0"), "no daemon, no DNS: " + down);
        startDaemon();
        String after = execProbe("after", "busybox nslookup web");
        assertTrue(after.contains(web) && after.contains("exit 0"), after);
    }

    @Test
    void aliasesAddedHostsAndAContainersOwnDnsServers() throws Exception {
        ok("network", "create", "testnet");
        ok("run", "-d", "--name", "web", "--network", "testnet", "--network-alias", "www", "--network-alias", "site",
                "-r", rootfs.toString(), "sh", "-c", "while true; do sleep 1; done");
        String web = addressOf("web");
        String aliases = probe("aliases", "busybox nslookup www && busybox nslookup site");
        assertTrue(aliases.contains("exit 0") && aliases.split(java.util.regex.Pattern.quote(web), -1).length == 3, aliases);

        InetAddress ownServer = InetAddress.ofLiteral("127.0.0." + ThreadLocalRandom.current().nextInt(2, 99));
        try (FakeUpstream own = new FakeUpstream(new InetSocketAddress(ownServer, 53), FakeUpstream.knowing("mine.example", "192.0.2.88"))) {
            cli("run", "--rm", "--network", "testnet", "--dns", ownServer.getHostAddress(), "--dns-search", "corp.example",
                    "--add-host", "db:10.1.2.3", "--add-host", "gw:host-gateway", "-v", out + ":/out", "-r", rootfs.toString(),
                    "sh", "-c", "(cat /etc/resolv.conf /etc/hosts; busybox nslookup mine.example; busybox nslookup www) > /out/own 2>&1");
            String got = Files.readString(out.resolve("own"));
            assertTrue(got.contains("nameserver 127.0.0.11\n") && got.contains("search corp.example\n"), got);
            assertTrue(got.contains("10.1.2.3\tdb\n"), got);
            assertTrue(got.matches("(?s).*\\n10\\.213\\.\\d+\\.1\\tgw\\n.*"), "host-gateway is the network's gateway: " + got);
            assertTrue(got.contains("192.0.2.88"), "forwarded to the container's own --dns server: " + got);
            assertTrue(got.contains(web), "names of the network still answered: " + got);
            assertTrue(own.wasAsked("mine.example"));
            assertFalse(upstream.wasAsked("mine.example"), "the host's upstream is not asked");
        }
        Object[] refused = cli("run", "--rm", "--network-alias", "x", "-r", rootfs.toString(), "true");
        assertEquals(125, refused[0]);
    }
}
