package dev.minidocker.runtime.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.network.HostsFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --dns, --dns-search, --dns-option replace the host's lines; --add-host lines survive each /etc/hosts rewrite. */
class EtcFilesOverridesTest {
    @TempDir
    Path dir;

    @Test
    void userResolverSettingsReplaceTheHosts() {
        String base = "nameserver 10.0.0.1\nsearch host.example\noptions edns0\n";
        assertEquals("options edns0\nnameserver 10.9.9.9\nsearch a.example b.example\n",
                EtcFilesWriter.overridden(base, List.of("10.9.9.9"), List.of("a.example", "b.example"), List.of()));
        assertEquals(base, EtcFilesWriter.overridden(base, List.of(), List.of(), List.of()));
    }

    @Test
    void addedHostsStayThroughRewritesWithTheGatewayFilledIn() throws Exception {
        Path etc = Files.createDirectories(dir.resolve("etc"));
        Files.writeString(etc.resolve("resolv.conf"), "nameserver 10.0.0.1\n");
        Path c = Files.createDirectories(dir.resolve("c"));
        new EtcFilesWriter(etc).write(c, "h", "bridge", List.of("db:10.1.2.3", "gw=host-gateway"), List.of("10.9.9.9"),
                List.of(), List.of("ndots:2"));
        assertEquals("nameserver 10.9.9.9\noptions ndots:2\n", Files.readString(c.resolve("resolv.conf")));
        HostsFile.write(c.resolve("hosts"), HostsFile.LOOPBACK, "10.213.0.1");
        String hosts = Files.readString(c.resolve("hosts"));
        assertTrue(hosts.endsWith("10.1.2.3\tdb\n10.213.0.1\tgw\n"), hosts);
    }
}
