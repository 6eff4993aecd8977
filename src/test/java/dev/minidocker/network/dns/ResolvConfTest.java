package dev.minidocker.network.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResolvConfTest {
    static InetSocketAddress dns(String ip) {
        return new InetSocketAddress(InetAddress.ofLiteral(ip), 53);
    }

    @Test
    void parsesServersSearchAndOptionsAsGlibc() {
        ResolvConf c = ResolvConf.parse("""
                # written by systemd-resolved
                nameserver 127.0.0.53
                nameserver ::1
                nameserver not-an-address
                ; a comment
                domain old.example
                search corp.example lab.example
                options edns0 trust-ad
                options ndots:2
                sortlist 10.0.0.0
                """);
        assertEquals(List.of(dns("127.0.0.53"), dns("::1")), c.nameservers(), "loopback servers kept, names skipped");
        assertEquals(List.of("corp.example", "lab.example"), c.search(), "the last search/domain line wins");
        assertEquals(List.of("edns0", "trust-ad", "ndots:2"), c.options());
    }

    @Test
    void anEmptyFileHasNoServers() {
        assertTrue(ResolvConf.parse("").nameservers().isEmpty());
    }

    @Test
    void aServedContainerGetsTheEmbeddedServerAndTheHostsSearchAndOptions() {
        String text = ServedResolvConf.content(ResolvConf.parse(
                "nameserver 127.0.0.53\nsearch corp.example\noptions edns0 ndots:3\n"));
        ResolvConf served = ResolvConf.parse(text);
        assertEquals(List.of(dns("127.0.0.11")), served.nameservers());
        assertEquals(List.of("corp.example"), served.search());
        assertEquals(List.of("edns0", "ndots:0"), served.options());
        assertTrue(text.contains("host's name servers: 127.0.0.53"), text);
    }

    @Test
    void theHostFileIsReadAgainWhenItChanges(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("resolv.conf");
        Files.writeString(file, "nameserver 127.0.0.2\n");
        HostResolvConf host = Upstreams.fromFile(file);
        assertEquals(List.of(dns("127.0.0.2")), host.servers());
        Files.writeString(file, "nameserver 127.0.0.3\nnameserver 127.0.0.4\n");
        Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 5000));
        assertEquals(List.of(dns("127.0.0.3"), dns("127.0.0.4")), host.servers());
        Files.delete(file);
        assertEquals(List.of(), host.servers(), "no file: no upstreams");
    }
}
