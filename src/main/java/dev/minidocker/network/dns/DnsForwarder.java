package dev.minidocker.network.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Forwards a container's query to the host's resolvers, one after the other as glibc tries them,
 * over the transport the container used: UDP answers that the upstream truncated go back truncated
 * (TC), the container then asks over TCP and so do we. The upstream never sees the container's
 * bytes: it gets a query this class builds (a fresh random id, the one question, RD/CD and an EDNS
 * record if the container sent one), so a container can make a host resolver on 127.0.0.x do
 * nothing but resolve a name. An upstream that times out, is unreachable or answers SERVFAIL,
 * REFUSED, NOTIMP or FORMERR is skipped; when none answers, the result is null (the caller says
 * SERVFAIL).
 */
final class DnsForwarder {
    private static final SecureRandom IDS = new SecureRandom();
    private final Upstreams upstreams;
    private final Duration timeout;

    /** @param timeout how long each upstream gets to answer */
    DnsForwarder(Upstreams upstreams, Duration timeout) {
        this.upstreams = upstreams;
        this.timeout = timeout;
    }

    boolean hasUpstreams() {
        return !upstreams.servers().isEmpty();
    }

    /** The host's servers. */
    List<InetSocketAddress> hostServers() {
        return upstreams.servers();
    }

    /** The reply for the container (its id and question), or null when no upstream answered. */
    Message forward(Message query, boolean tcp) {
        return forward(query, tcp, upstreams.servers());
    }

    /** As {@link #forward(Message, boolean)}, to {@code servers} (a container's own --dns servers). */
    Message forward(Message query, boolean tcp, List<InetSocketAddress> servers) {
        Message upstreamQuery = upstreamQuery(query);
        for (InetSocketAddress server : servers) {
            Message answer;
            try {
                answer = tcp ? UpstreamExchange.tcp(server, upstreamQuery, timeout)
                        : UpstreamExchange.udp(server, upstreamQuery, timeout);
            } catch (IOException | RuntimeException unanswered) {
                continue; // timeout, unreachable, a reset TCP connection: the next one may answer
            }
            int rcode = answer.getRcode();
            if (rcode == Rcode.SERVFAIL || rcode == Rcode.REFUSED || rcode == Rcode.NOTIMP || rcode == Rcode.FORMERR) continue;
            return relay(query, answer);
        }
        return null;
    }

    static Message upstreamQuery(Message query) {
        Message up = new Message(IDS.nextInt(0x10000));
        Header asked = query.getHeader(), h = up.getHeader();
        if (asked.getFlag(Flags.RD)) h.setFlag(Flags.RD);
        if (asked.getFlag(Flags.CD)) h.setFlag(Flags.CD);
        if (asked.getFlag(Flags.AD)) h.setFlag(Flags.AD);
        up.addRecord(query.getQuestion(), Section.QUESTION);
        OPTRecord opt = query.getOPT();
        if (opt != null) {
            int payload = Math.max(DnsReplies.PLAIN_UDP, Math.min(opt.getPayloadSize(), DnsReplies.EDNS_PAYLOAD));
            up.addRecord(new OPTRecord(payload, 0, 0, opt.getFlags() & ExtendedFlags.DO), Section.ADDITIONAL);
        }
        return up;
    }

    /** The upstream's answer as a reply to the container's query: its id and question, our OPT. */
    static Message relay(Message query, Message answer) {
        Message reply = new Message(query.getHeader().getID());
        Header from = answer.getHeader(), h = reply.getHeader();
        for (int flag : new int[] {Flags.QR, Flags.AA, Flags.TC, Flags.RD, Flags.RA, Flags.AD, Flags.CD}) {
            if (from.getFlag(flag)) h.setFlag(flag);
        }
        h.setRcode(answer.getRcode() & 0xF);
        reply.addRecord(query.getQuestion(), Section.QUESTION);
        for (int section : new int[] {Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL}) {
            for (Record r : answer.getSection(section)) {
                if (r.getType() != Type.OPT && r.getType() != Type.TSIG) reply.addRecord(r, section);
            }
        }
        OPTRecord upstreamOpt = answer.getOPT();
        if (query.getOPT() != null) {
            int flags = upstreamOpt == null ? 0 : upstreamOpt.getFlags() & ExtendedFlags.DO;
            reply.addRecord(new OPTRecord(DnsReplies.EDNS_PAYLOAD, 0, 0, flags), Section.ADDITIONAL);
        }
        return reply;
    }
}
