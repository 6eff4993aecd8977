package dev.minidocker.network.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

class DnsNamesTest {
    static Inet4Address ip(String s) {
        return (Inet4Address) InetAddress.ofLiteral(s);
    }

    final DnsNames names = new DnsNames();

    @Test
    void aMemberSeesTheNamesOfItsNetworkOnly() {
        names.register("front", "web", ip("10.1.0.2"), List.of("web", "web-host"));
        names.register("front", "api", ip("10.1.0.3"), List.of("api"));
        names.register("back", "db", ip("10.2.0.2"), List.of("db"));
        assertEquals(List.of(ip("10.1.0.3")), names.addresses("web", "api"));
        assertEquals(List.of(ip("10.1.0.2")), names.addresses("api", "web-host"));
        assertEquals(List.of(), names.addresses("web", "db"), "db is on another network");
        assertEquals(List.of(), names.addresses("nobody", "web"), "an unregistered asker sees nothing");
    }

    @Test
    void aContainerOnTwoNetworksSeesBoth() {
        names.register("front", "api", ip("10.1.0.3"), List.of("api"));
        names.register("back", "api", ip("10.2.0.3"), List.of("api"));
        names.register("front", "web", ip("10.1.0.2"), List.of("web"));
        names.register("back", "db", ip("10.2.0.2"), List.of("db"));
        assertEquals(List.of(ip("10.1.0.2")), names.addresses("api", "web"));
        assertEquals(List.of(ip("10.2.0.2")), names.addresses("api", "db"));
        assertEquals(List.of(ip("10.1.0.3")), names.addresses("web", "api"), "web sees api's address on front only");
        assertEquals(List.of(), names.addresses("web", "db"));
    }

    @Test
    void namesIgnoreCaseAndATrailingDot() {
        names.register("n", "a", ip("10.1.0.2"), List.of("MyWeb", " ", "myweb"));
        assertEquals(List.of(ip("10.1.0.2")), names.addresses("a", "myweb."));
        assertEquals(List.of(ip("10.1.0.2")), names.addresses("a", "MYWEB"));
        assertEquals(List.of("myweb"), names.members("n").getFirst().names(), "blank and duplicate names dropped");
    }

    @Test
    void anAliasSharedByTwoMembersHasBothAddresses() {
        names.register("n", "a", ip("10.1.0.2"), List.of("a", "svc"));
        names.register("n", "b", ip("10.1.0.3"), List.of("b", "svc"));
        assertEquals(Set.of(ip("10.1.0.2"), ip("10.1.0.3")), new HashSet<>(names.addresses("a", "svc")));
    }

    @Test
    void unregisterTakesTheNamesAway() {
        names.register("n", "a", ip("10.1.0.2"), List.of("a"));
        names.register("n", "b", ip("10.1.0.3"), List.of("b"));
        names.register("m", "b", ip("10.3.0.3"), List.of("b"));
        assertTrue(names.unregister("n", "b"));
        assertFalse(names.unregister("n", "b"));
        assertEquals(List.of(), names.addresses("a", "b"));
        names.unregisterEverywhere("b");
        assertEquals(List.of(), names.members("m"));
        assertEquals(List.of(ip("10.1.0.2")), names.addresses("a", "a"), "the others stay");
    }

    @Test
    void registeringAgainReplacesTheOldEntry() {
        names.register("n", "a", ip("10.1.0.2"), List.of("old"));
        names.register("n", "a", ip("10.1.0.9"), List.of("new"));
        assertEquals(List.of(), names.addresses("a", "old"));
        assertEquals(List.of(ip("10.1.0.9")), names.addresses("a", "new"));
    }

    @Test
    void reverseLookupFindsTheFirstName() {
        names.register("n", "a", ip("10.1.0.2"), List.of("web", "alias"));
        assertEquals(Optional.of("web"), names.nameAt("a", ip("10.1.0.2")));
        assertEquals(Optional.empty(), names.nameAt("a", ip("10.1.0.7")));
        assertEquals(Optional.empty(), names.nameAt("stranger", ip("10.1.0.2")));
    }
}
