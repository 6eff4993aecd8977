package dev.minidocker.network.dns;

import static dev.minidocker.network.dns.DnsNamesTest.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * The resolver over real sockets on 127.0.0.1, with fake upstreams on 127.0.0.1: the answers a
 * container gets for its network's names, what is forwarded and how, and what never is.
 */
class DnsResolverTest {
    static final Duration CLIENT_WAIT = Duration.ofSeconds(5);
    final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closing.reversed()) c.close();
    }

    DnsResolver resolver(FakeUpstream... upstreams) {
        List<InetSocketAddress> servers = new ArrayList<>();
        for (FakeUpstream u : upstreams) servers.add(u.address());
        DnsResolver r = new DnsResolver(Upstreams.fixed(servers), Duration.ofMillis(300));
        closing.add(r);
        r.register("front", "c-web", ip("10.213.7.2"), List.of("web", "web-host", "site"));
        r.register("front", "c-api", ip("10.213.7.3"), List.of("api", "api-host"));
        r.register("back", "c-db", ip("10.213.8.2"), List.of("db"));
        return r;
    }

    FakeUpstream upstream(java.util.function.BiFunction<Message, Boolean, Message> answers) throws Exception {
        FakeUpstream u = new FakeUpstream(answers);
        closing.add(u);
        return u;
    }

    InetSocketAddress serve(DnsResolver r, String containerId) {
        return r.serveOn(containerId, new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 0), List.of("corp.example"));
    }

    static Message query(String name, int type) throws Exception {
        Message q = Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), type, DClass.IN));
        return q;
    }

    static Set<String> addresses(Message reply) {
        Set<String> s = new HashSet<>();
        for (Record r : reply.getSection(Section.ANSWER)) if (r instanceof ARecord a) s.add(a.getAddress().getHostAddress());
        return s;
    }

    static Message answerWith(Message q, String address) {
        Message reply = DnsReplies.replyTo(q, Rcode.NOERROR);
        reply.addRecord(new ARecord(q.getQuestion().getName(), DClass.IN, 60, InetAddress.ofLiteral(address)), Section.ANSWER);
        return reply;
    }

    @Test
    void namesHostnamesAndAliasesOfTheNetworkResolve() throws Exception {
        InetSocketAddress at = serve(resolver(), "c-api");
        for (String name : List.of("web", "WEB-host.", "site")) {
            Message reply = UpstreamExchange.udp(at, query(name, Type.A), CLIENT_WAIT);
            assertEquals(Rcode.NOERROR, reply.getRcode(), name);
            assertEquals(Set.of("10.213.7.2"), addresses(reply), name);
            assertTrue(reply.getHeader().getFlag(Flags.AA));
        }
        Message overTcp = UpstreamExchange.tcp(at, query("web", Type.A), CLIENT_WAIT);
        assertEquals(Set.of("10.213.7.2"), addresses(overTcp));
    }

    @Test
    void aNameWithASearchDomainAppendedIsTheContainerName() throws Exception {
        FakeUpstream up = upstream(FakeUpstream.knowing("web.other.example", "192.0.2.40"));
        InetSocketAddress at = serve(resolver(up), "c-api");
        assertEquals(Set.of("10.213.7.2"), addresses(UpstreamExchange.udp(at, query("web.corp.example", Type.A), CLIENT_WAIT)));
        assertTrue(up.asked.isEmpty());
        assertEquals(Set.of("192.0.2.40"), addresses(UpstreamExchange.udp(at, query("web.other.example", Type.A), CLIENT_WAIT)),
                "only the container's own search domains are stripped");
    }

    @Test
    void aaaaOfAKnownNameIsAnEmptyAnswer() throws Exception {
        InetSocketAddress at = serve(resolver(), "c-api");
        Message reply = UpstreamExchange.udp(at, query("web", Type.AAAA), CLIENT_WAIT);
        assertEquals(Rcode.NOERROR, reply.getRcode());
        assertTrue(reply.getSection(Section.ANSWER).isEmpty());
    }

    /** A container on an internal network: its network's names, and nothing asked of the world for it (moby's SERVFAIL). */
    @Test
    void anInternalNetworksContainerIsNeverForwarded() throws Exception {
        FakeUpstream up = upstream(FakeUpstream.knowing("example.org", "192.0.2.7"));
        DnsResolver r = resolver(up);
        r.forwardNothing("c-api");
        InetSocketAddress at = serve(r, "c-api");
        assertEquals(Set.of("10.213.7.2"), addresses(UpstreamExchange.udp(at, query("web", Type.A), CLIENT_WAIT)));
        assertEquals(Rcode.SERVFAIL, UpstreamExchange.udp(at, query("example.org", Type.A), CLIENT_WAIT).getRcode());
        assertTrue(up.asked.isEmpty(), "nothing left the network");
        InetSocketAddress other = serve(r, "c-web");
        assertEquals(Set.of("192.0.2.7"), addresses(UpstreamExchange.udp(other, query("example.org", Type.A), CLIENT_WAIT)),
                "others are forwarded as before");
    }

    @Test
    void withoutUpstreamsAnUnknownNameIsNxdomain() throws Exception {
        InetSocketAddress at = serve(resolver(), "c-api");
        assertEquals(Rcode.NXDOMAIN, UpstreamExchange.udp(at, query("nowhere", Type.A), CLIENT_WAIT).getRcode());
        assertEquals(Rcode.NXDOMAIN, UpstreamExchange.udp(at, query("db", Type.A), CLIENT_WAIT).getRcode(),
                "db is on another network");
    }

    @Test
    void otherNamesAreForwardedAsANewQuery() throws Exception {
        FakeUpstream up = upstream((q, tcp) -> answerWith(q, "192.0.2.10"));
        InetSocketAddress at = serve(resolver(up), "c-api");
        Message q = query("example.org", Type.A);
        q.getHeader().setFlag(Flags.RD);
        q.addRecord(new TXTRecord(Name.fromString("smuggled."), DClass.IN, 0, "x"), Section.ADDITIONAL);
        Message reply = UpstreamExchange.udp(at, q, CLIENT_WAIT);
        assertEquals(Set.of("192.0.2.10"), addresses(reply));
        assertEquals(q.getHeader().getID(), reply.getHeader().getID());
        assertEquals(1, up.asked.size());
        Message seen = up.asked.getFirst().query();
        assertFalse(up.asked.getFirst().tcp());
        assertEquals(q.getQuestion(), seen.getQuestion());
        assertTrue(seen.getHeader().getFlag(Flags.RD));
        assertTrue(seen.getSection(Section.ADDITIONAL).isEmpty(), "the container's extra records never reach the upstream");
    }

    @Test
    void theFirstUpstreamThatAnswersWins() throws Exception {
        FakeUpstream failing = upstream((q, tcp) -> DnsReplies.replyTo(q, Rcode.SERVFAIL));
        FakeUpstream silent = upstream((q, tcp) -> null);
        FakeUpstream good = upstream((q, tcp) -> answerWith(q, "192.0.2.20"));
        InetSocketAddress at = serve(resolver(failing, silent, good), "c-api");
        Message reply = UpstreamExchange.udp(at, query("example.org", Type.A), CLIENT_WAIT);
        assertEquals(Set.of("192.0.2.20"), addresses(reply));
        assertEquals(1, failing.asked.size());
        assertEquals(1, silent.asked.size());
    }

    @Test
    void whenNoUpstreamAnswersTheReplyIsServfail() throws Exception {
        FakeUpstream silent = upstream((q, tcp) -> null);
        FakeUpstream refusing = upstream((q, tcp) -> DnsReplies.replyTo(q, Rcode.REFUSED));
        InetSocketAddress at = serve(resolver(silent, refusing), "c-api");
        assertEquals(Rcode.SERVFAIL, UpstreamExchange.udp(at, query("example.org", Type.A), CLIENT_WAIT).getRcode());
        assertEquals(Rcode.SERVFAIL, UpstreamExchange.tcp(at, query("example.org", Type.A), CLIENT_WAIT).getRcode());
    }

    @Test
    void anUpstreamNxdomainIsPassedOn() throws Exception {
        FakeUpstream up = upstream((q, tcp) -> DnsReplies.replyTo(q, Rcode.NXDOMAIN));
        InetSocketAddress at = serve(resolver(up), "c-api");
        assertEquals(Rcode.NXDOMAIN, UpstreamExchange.udp(at, query("no.example.org", Type.A), CLIENT_WAIT).getRcode());
    }

    /** 40 addresses do not fit in 512 bytes: truncated over UDP (TC), whole over TCP. */
    static Message big(Message q) {
        Message reply = DnsReplies.replyTo(q, Rcode.NOERROR);
        for (int i = 1; i <= 40; i++) {
            reply.addRecord(new ARecord(q.getQuestion().getName(), DClass.IN, 60,
                    InetAddress.ofLiteral("192.0.2." + i)), Section.ANSWER);
        }
        return reply;
    }

    @Test
    void aTruncatedUpstreamAnswerIsRetriedOverTcpByTheClient() throws Exception {
        FakeUpstream up = upstream((q, tcp) -> {
            if (tcp) return big(q);
            Message cut = DnsReplies.replyTo(q, Rcode.NOERROR);
            cut.getHeader().setFlag(Flags.TC);
            return cut;
        });
        InetSocketAddress at = serve(resolver(up), "c-api");
        Message udp = UpstreamExchange.udp(at, query("many.example.org", Type.A), CLIENT_WAIT);
        assertTrue(udp.getHeader().getFlag(Flags.TC), "TC passed on");
        Message tcp = UpstreamExchange.tcp(at, query("many.example.org", Type.A), CLIENT_WAIT);
        assertFalse(tcp.getHeader().getFlag(Flags.TC));
        assertEquals(40, addresses(tcp).size());
        assertTrue(up.asked.getLast().tcp(), "TCP from the client, TCP to the upstream");
    }

    @Test
    void anAnswerLargerThanTheClientTakesIsTruncated() throws Exception {
        FakeUpstream up = upstream((q, tcp) -> big(q)); // an upstream that ignores the 512-byte limit
        InetSocketAddress at = serve(resolver(up), "c-api");
        Message plain = UpstreamExchange.udp(at, query("many.example.org", Type.A), CLIENT_WAIT);
        assertTrue(plain.getHeader().getFlag(Flags.TC));
        Message withEdns = query("many.example.org", Type.A);
        withEdns.addRecord(new OPTRecord(4096, 0, 0), Section.ADDITIONAL);
        Message edns = UpstreamExchange.udp(at, withEdns, CLIENT_WAIT);
        assertFalse(edns.getHeader().getFlag(Flags.TC), "40 records fit in the client's EDNS size");
        assertEquals(40, addresses(edns).size());
        assertNotNull(edns.getOPT());
    }

    @Test
    void aLocalAnswerTooLargeForUdpIsTruncatedToo() throws Exception {
        DnsResolver r = resolver();
        for (int i = 10; i < 60; i++) r.register("front", "c-" + i, ip("10.213.7." + i), List.of("replica"));
        InetSocketAddress at = serve(r, "c-api");
        assertTrue(UpstreamExchange.udp(at, query("replica", Type.A), CLIENT_WAIT).getHeader().getFlag(Flags.TC));
        assertEquals(50, addresses(UpstreamExchange.tcp(at, query("replica", Type.A), CLIENT_WAIT)).size());
    }

    @Test
    void updatesAndZoneTransfersAreNeverForwarded() throws Exception {
        FakeUpstream up = upstream((q, tcp) -> answerWith(q, "192.0.2.30"));
        InetSocketAddress at = serve(resolver(up), "c-api");
        Message update = query("example.org", Type.SOA);
        update.getHeader().setOpcode(Opcode.UPDATE);
        assertEquals(Rcode.NOTIMP, UpstreamExchange.udp(at, update, CLIENT_WAIT).getRcode());
        assertEquals(Rcode.REFUSED, UpstreamExchange.tcp(at, query("example.org", Type.AXFR), CLIENT_WAIT).getRcode());
        Message chaos = Message.newQuery(Record.newRecord(Name.fromString("version.bind."), Type.TXT, DClass.CH));
        assertEquals(Rcode.REFUSED, UpstreamExchange.udp(at, chaos, CLIENT_WAIT).getRcode());
        assertTrue(up.asked.isEmpty(), "the upstream saw none of them: " + up.asked);
    }

    @Test
    void aRemovedMemberStopsResolving() throws Exception {
        DnsResolver r = resolver();
        InetSocketAddress at = serve(r, "c-api");
        assertEquals(Set.of("10.213.7.2"), addresses(UpstreamExchange.udp(at, query("web", Type.A), CLIENT_WAIT)));
        r.forget("c-web");
        assertEquals(Rcode.NXDOMAIN, UpstreamExchange.udp(at, query("web", Type.A), CLIENT_WAIT).getRcode());
        r.register("front", "c-web2", ip("10.213.7.9"), List.of("web"));
        assertEquals(Set.of("10.213.7.9"), addresses(UpstreamExchange.udp(at, query("web", Type.A), CLIENT_WAIT)));
    }

    @Test
    void reverseLookupOfAMember() throws Exception {
        InetSocketAddress at = serve(resolver(), "c-api");
        Message reply = UpstreamExchange.udp(at, query(ReverseMap.fromAddress("10.213.7.2").toString(), Type.PTR), CLIENT_WAIT);
        PTRRecord ptr = (PTRRecord) reply.getSection(Section.ANSWER).getFirst();
        assertEquals("web.", ptr.getTarget().toString());
    }

    @Test
    void garbageGetsNoAnswerAndTheServerGoesOn() throws Exception {
        InetSocketAddress at = serve(resolver(), "c-api");
        try (DatagramSocket s = new DatagramSocket()) {
            s.connect(at);
            s.send(new DatagramPacket(new byte[] {1, 2, 3}, 3));
            s.setSoTimeout(300);
            assertThrowsTimeout(s);
        }
        assertEquals(Set.of("10.213.7.2"), addresses(UpstreamExchange.udp(at, query("web", Type.A), CLIENT_WAIT)));
    }

    @Test
    void aStoppedContainerIsNoLongerServed() throws Exception {
        DnsResolver r = resolver();
        InetSocketAddress at = serve(r, "c-api");
        assertTrue(r.serving("c-api"));
        r.forget("c-api");
        assertFalse(r.serving("c-api"));
        try (DatagramSocket s = new DatagramSocket()) {
            s.connect(at);
            byte[] q = query("web", Type.A).toWire();
            s.send(new DatagramPacket(q, q.length));
            s.setSoTimeout(1000);
            try {
                s.receive(new DatagramPacket(new byte[512], 512));
                throw new AssertionError("a closed resolver answered");
            } catch (java.net.PortUnreachableException | SocketTimeoutException expected) {
                // nothing listens there any more
            }
        }
    }

    private static void assertThrowsTimeout(DatagramSocket s) throws Exception {
        try {
            s.receive(new DatagramPacket(new byte[512], 512));
            throw new AssertionError("garbage was answered");
        } catch (SocketTimeoutException expected) {
            // dropped, as it should be
        }
    }
}
