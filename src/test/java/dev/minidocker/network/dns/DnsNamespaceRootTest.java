package dev.minidocker.network.dns;

import static dev.minidocker.network.dns.DnsNamesTest.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.RootOnly;
import dev.minidocker.testing.Tools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resolver served inside real network namespaces, asked by busybox's own resolver: two
 * namespaces joined by a veth pair made inside them (the host's namespace gets no link, address or
 * route), busybox httpd in one, nslookup and wget in the other with {@code nameserver 127.0.0.11}
 * (ip netns exec binds /etc/netns/NAME/resolv.conf over /etc/resolv.conf). The upstream is a fake
 * on the host's 127.0.0.1, which only the daemon side can reach: no traffic leaves the machine.
 */
@RootOnly
@Timeout(120)
class DnsNamespaceRootTest {
    static final String EXTERNAL = "external.example";
    @TempDir
    Path tmp;
    final String tag = HexFormat.of().formatHex(new byte[] {(byte) ThreadLocalRandom.current().nextInt(), (byte) ThreadLocalRandom.current().nextInt(), (byte) ThreadLocalRandom.current().nextInt()});
    final String client = "mdtest-dns-" + tag + "-c", server = "mdtest-dns-" + tag + "-s";
    final List<Process> processes = new ArrayList<>();
    FakeUpstream upstream;
    DnsResolver resolver;

    @BeforeEach
    void namespaces() throws Exception {
        Tools.require("ip", "iproute2");
        Tools.require("busybox", "busybox-static");
        for (String ns : List.of(client, server)) {
            Tools.run("ip", "netns", "add", ns);
            Tools.run("ip", "-n", ns, "link", "set", "lo", "up");
            Path etc = Path.of("/etc/netns", ns);
            Files.createDirectories(etc);
            Files.writeString(etc.resolve("resolv.conf"), "nameserver 127.0.0.11\noptions ndots:0\n");
            Files.writeString(etc.resolve("hosts"), "127.0.0.1 localhost\n"); // no names from the host's file
        }
        Tools.run("ip", "link", "add", "mdd" + tag + "c", "netns", client, "type", "veth", "peer", "name", "mdd" + tag + "s", "netns", server);
        Tools.run("ip", "-n", client, "addr", "add", "10.99.0.1/24", "dev", "mdd" + tag + "c");
        Tools.run("ip", "-n", server, "addr", "add", "10.99.0.2/24", "dev", "mdd" + tag + "s");
        Tools.run("ip", "-n", client, "link", "set", "mdd" + tag + "c", "up");
        Tools.run("ip", "-n", server, "link", "set", "mdd" + tag + "s", "up");

        upstream = new FakeUpstream(FakeUpstream.knowing(EXTERNAL, "192.0.2.55"));
        resolver = new DnsResolver(Upstreams.fixed(List.of(upstream.address())), Duration.ofSeconds(2));
        resolver.register("testnet", "c-client", ip("10.99.0.1"), List.of("client"));
        resolver.register("testnet", "c-server", ip("10.99.0.2"), List.of("server", "server-host", "web-alias"));
        resolver.serveNamespace("c-client", "/run/netns/" + client, List.of());
        resolver.serveNamespace("c-server", "/run/netns/" + server, List.of());
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (Process p : processes) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        if (resolver != null) resolver.close();
        if (upstream != null) upstream.close();
        for (String ns : List.of(client, server)) {
            new ProcessBuilder("ip", "netns", "del", ns).inheritIO().start().waitFor();
            Tools.deleteTree(Path.of("/etc/netns", ns));
        }
        String links = Tools.run("ip", "-o", "link");
        assertFalse(links.contains("mdd" + tag), links);
    }

    String inClient(String shell) throws Exception {
        Process p = new ProcessBuilder("ip", "netns", "exec", client, "busybox", "sh", "-c", shell)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return "exit " + p.exitValue() + "\n" + out;
    }

    void startHttpd() throws IOException {
        Path www = Files.createDirectories(tmp.resolve("www"));
        Files.writeString(www.resolve("index.html"), "hello from server\n");
        processes.add(new ProcessBuilder("ip", "netns", "exec", server, "busybox", "httpd", "-f", "-p", "80", "-h", www.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("httpd.log").toFile()).start());
    }

    @Test
    void busyboxResolvesNamesAndAliasesAndReachesTheServerByName() throws Exception {
        startHttpd();
        String server = inClient("busybox nslookup server");
        assertTrue(server.startsWith("exit 0") && server.contains("10.99.0.2"), server);
        String alias = inClient("busybox nslookup web-alias");
        assertTrue(alias.startsWith("exit 0") && alias.contains("10.99.0.2"), alias);
        String page = "";
        for (int i = 0; i < 50 && !page.contains("hello from server"); i++) { // until httpd listens
            page = inClient("busybox timeout 10 busybox wget -O- http://web-alias/");
            if (!page.contains("hello")) Thread.sleep(100);
        }
        assertTrue(page.contains("hello from server"), page);
        assertTrue(inClient("busybox timeout 10 busybox wget -O- http://server-host/").contains("hello from server"));
    }

    @Test
    void anExternalNameIsForwardedToTheHostsLoopbackUpstream() throws Exception {
        String out = inClient("busybox nslookup " + EXTERNAL);
        assertTrue(out.startsWith("exit 0") && out.contains("192.0.2.55"), out);
        assertTrue(upstream.wasAsked(EXTERNAL), "the fake upstream was asked: " + upstream.asked);
    }

    @Test
    void aRemovedContainerStopsResolving() throws Exception {
        assertTrue(inClient("busybox nslookup server").contains("10.99.0.2"));
        resolver.forget("c-server");
        String out = inClient("busybox nslookup server");
        assertFalse(out.contains("10.99.0.2"), out);
        assertFalse(out.startsWith("exit 0"), out);
    }

    @Test
    void theResolverSocketExistsOnlyInsideTheNamespaces() throws Exception {
        String host = Tools.run("ss", "-H", "-l", "-n", "-u", "-t");
        assertFalse(host.contains("127.0.0.11:53"), "nothing listens for containers in the host's namespace:\n" + host);
        String inside = Tools.run("ip", "netns", "exec", client, "ss", "-H", "-l", "-n", "-u", "-t");
        assertTrue(inside.contains("127.0.0.11:53"), inside);
    }
}
