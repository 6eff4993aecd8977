package dev.minidocker.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.MiniDockerException;
import org.junit.jupiter.api.Test;

class SubnetTest {
    @Test
    void hostsGatewayAndOverlap() {
        Subnet s = Subnet.parse("10.213.4.77/24");
        assertEquals("10.213.4.0/24", s.toString());
        assertEquals("10.213.4.1", Subnet.format(s.gateway()));
        assertEquals("10.213.4.2", Subnet.format(s.firstHost()));
        assertEquals("10.213.4.254", Subnet.format(s.lastHost()));
        assertTrue(s.contains(Subnet.parseIp("10.213.4.200")));
        assertFalse(s.contains(Subnet.parseIp("10.213.5.1")));
        assertTrue(s.overlaps(Subnet.parseIp("10.0.0.0"), 8));
        assertTrue(s.overlaps(Subnet.parseIp("10.213.4.128"), 25));
        assertFalse(s.overlaps(Subnet.parseIp("192.0.2.0"), 24));
    }

    @Test
    void rejectsNonsense() {
        assertThrows(MiniDockerException.class, () -> Subnet.parse("10.0.0.0"));
        assertThrows(MiniDockerException.class, () -> Subnet.parse("10.0.0.0/31"));
        assertThrows(MiniDockerException.class, () -> Subnet.parse("10.0.0.256/24"));
        assertThrows(MiniDockerException.class, () -> Subnet.parseIp("1.2.3"));
    }
}
