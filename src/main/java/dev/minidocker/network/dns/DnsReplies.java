package dev.minidocker.network.dns;

import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/** Building replies and putting them on the wire within what the asking client can take. */
final class DnsReplies {
    /** The largest UDP payload the resolver offers or accepts (DNS Flag Day 2020's safe size). */
    static final int EDNS_PAYLOAD = 1232;
    /** What a client without EDNS can take over UDP (RFC 1035). */
    static final int PLAIN_UDP = 512;
    static final int TCP_MAX = 65535;

    private DnsReplies() {}

    /** A reply to {@code query} with its id, question and RD, our RA, and an OPT if it had one. */
    static Message replyTo(Message query, int rcode) {
        Header asked = query.getHeader();
        Message reply = new Message(asked.getID());
        Header h = reply.getHeader();
        h.setFlag(Flags.QR);
        h.setOpcode(asked.getOpcode());
        if (asked.getFlag(Flags.RD)) h.setFlag(Flags.RD);
        h.setFlag(Flags.RA);
        h.setRcode(rcode);
        Record question = query.getQuestion();
        if (question != null) reply.addRecord(question, Section.QUESTION);
        if (query.getOPT() != null) reply.addRecord(new OPTRecord(EDNS_PAYLOAD, 0, 0), Section.ADDITIONAL);
        return reply;
    }

    /** The most a client takes: 64 KiB over TCP, else its EDNS size (at least 512) or 512. */
    static int clientLimit(Message query, boolean tcp) {
        if (tcp) return TCP_MAX;
        OPTRecord opt = query.getOPT();
        if (opt == null) return PLAIN_UDP;
        return Math.max(PLAIN_UDP, Math.min(opt.getPayloadSize(), TCP_MAX));
    }

    /** The wire form, cut to {@code limit} with TC set when it does not fit (the client retries over TCP). */
    static byte[] wire(Message reply, int limit) {
        return reply.toWire(limit);
    }
}
