package dev.minidocker.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.MiniDockerException;
import java.util.List;
import org.junit.jupiter.api.Test;

class PortSpecTest {
    @Test
    void dockerForms() {
        assertEquals(new PortSpec(null, 8080, 80, "tcp"), PortSpec.parse("8080:80"));
        assertEquals(new PortSpec("127.0.0.1", 8080, 80, "udp"), PortSpec.parse("127.0.0.1:8080:80/udp"));
        assertEquals(new PortSpec("127.0.0.1", 0, 53, "udp"), PortSpec.parse("127.0.0.1::53/UDP"));
        assertEquals(new PortSpec(null, 0, 9000, "tcp"), PortSpec.parse("9000"));
        assertEquals(new PortSpec(null, 1, 2, "tcp"), PortSpec.parse("0.0.0.0:1:2"));
    }

    @Test
    void normalizedFormParsesBackToTheSameSpec() {
        for (String s : List.of("8080:80", "127.0.0.1::53/udp", "9000", "10.0.0.1:1:65535/tcp")) {
            PortSpec p = PortSpec.parse(s);
            assertEquals(p, PortSpec.parse(p.toString()));
        }
    }

    @Test
    void badValuesSayWhatIsWrong() {
        for (String bad : List.of("", "a:b", "70000", "80/sctp", "1:2:3:4", "300.1.1.1:80:80", "8080:")) {
            MiniDockerException e = assertThrows(MiniDockerException.class, () -> PortSpec.parse(bad), bad);
            assertTrue(e.getMessage().contains("invalid"), e.getMessage());
        }
    }

    @Test
    void aHostIpMustBeAnAddressOfThisHost() {
        for (String ok : List.of("8080:80", "127.0.0.1:8080:80", "127.0.0.2::80", "0.0.0.0:1:2")) {
            PortSpec p = PortSpec.parse(ok);
            assertEquals(p, dev.minidocker.network.HostAddresses.requireLocal(p));
        }
        // 192.0.2.0/24 is TEST-NET-1: documentation only, never configured on a host
        MiniDockerException e = assertThrows(MiniDockerException.class,
                () -> dev.minidocker.network.HostAddresses.requireLocal(PortSpec.parse("192.0.2.7:8080:80")));
        assertEquals("cannot publish on 192.0.2.7:8080: 192.0.2.7 is not an address of this host"
                + " (use 127.0.0.1, 0.0.0.0 or a local address)", e.getMessage());
    }

    @Test
    void ipv6HostAddressesAreRefusedClearly() {
        for (String v : List.of("[::1]:8080:80", "::1:8080:80")) {
            assertEquals("invalid port " + v + ": IPv6 host addresses are not supported, only IPv4",
                    assertThrows(MiniDockerException.class, () -> PortSpec.parse(v)).getMessage());
        }
    }
}
