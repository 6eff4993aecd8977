package dev.minidocker.network.dns;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Decides each query from what {@link DnsNames} knows, as Docker's embedded DNS does: A for a
 * member's names (all its addresses, rotated), an empty NOERROR for AAAA and other types of a
 * known name (there is no IPv6 here), PTR for a member's address; null for anything else, which
 * the caller forwards. What is never forwarded gets its answer here: other opcodes (UPDATE,
 * NOTIFY) and zone transfers, so no local authoritative server ever sees them coming from the
 * host's own loopback address; malformed questions; classes other than IN.
 */
final class DnsAnswerer {
    /** Docker's TTL for container names. */
    static final long TTL = 600;
    private final DnsNames names;

    DnsAnswerer(DnsNames names) {
        this.names = names;
    }

    /**
     * The reply to {@code query} from {@code asking}'s point of view, or null to forward it.
     * {@code search} are the asker's search domains: "web.corp.example" is "web" when corp.example
     * is one, since some resolvers (busybox's nslookup) only ever ask names with a search domain
     * appended, and a container name must win there as it does bare.
     */
    Message answer(Message query, String asking, List<String> search) {
        if (query.getHeader().getFlag(Flags.QR)) return DnsReplies.replyTo(query, Rcode.FORMERR);
        if (query.getHeader().getOpcode() != Opcode.QUERY) return DnsReplies.replyTo(query, Rcode.NOTIMP);
        if (query.getSection(Section.QUESTION).size() != 1) return DnsReplies.replyTo(query, Rcode.FORMERR);
        Record question = query.getQuestion();
        int type = question.getType();
        if (question.getDClass() != DClass.IN) return DnsReplies.replyTo(query, Rcode.REFUSED);
        if (type == Type.AXFR || type == Type.IXFR || type == Type.OPT || type == Type.TSIG
                || type == Type.TKEY || type == Type.MAILA || type == Type.MAILB) {
            return DnsReplies.replyTo(query, Rcode.REFUSED);
        }
        if (type == Type.PTR) return reverse(query, question.getName(), asking);
        List<Inet4Address> found = lookUp(asking, question.getName().toString(true), search);
        if (found.isEmpty()) return null;
        Message reply = DnsReplies.replyTo(query, Rcode.NOERROR);
        reply.getHeader().setFlag(Flags.AA);
        if (type == Type.A || type == Type.ANY) {
            List<Inet4Address> order = new ArrayList<>(found);
            Collections.shuffle(order); // round robin between members sharing an alias, as Docker
            for (Inet4Address a : order) reply.addRecord(new ARecord(question.getName(), DClass.IN, TTL, a), Section.ANSWER);
        }
        return reply; // AAAA, MX, TXT, ...: the name exists, without such records
    }

    private List<Inet4Address> lookUp(String asking, String name, List<String> search) {
        List<Inet4Address> found = names.addresses(asking, name);
        String lower = DnsNames.normalise(name);
        for (int i = 0; found.isEmpty() && i < search.size(); i++) {
            String suffix = "." + DnsNames.normalise(search.get(i));
            if (lower.length() > suffix.length() && lower.endsWith(suffix)) {
                found = names.addresses(asking, lower.substring(0, lower.length() - suffix.length()));
            }
        }
        return found;
    }

    private Message reverse(Message query, Name name, String asking) {
        Optional<Inet4Address> address = ptrAddress(name);
        if (address.isEmpty()) return null;
        Optional<String> member = names.nameAt(asking, address.get());
        if (member.isEmpty()) return null;
        try {
            Message reply = DnsReplies.replyTo(query, Rcode.NOERROR);
            reply.getHeader().setFlag(Flags.AA);
            reply.addRecord(new PTRRecord(name, DClass.IN, TTL, Name.fromString(member.get() + ".")), Section.ANSWER);
            return reply;
        } catch (TextParseException notAName) {
            return null;
        }
    }

    /** 4.3.2.1.in-addr.arpa -> 1.2.3.4; empty for anything else. */
    static Optional<Inet4Address> ptrAddress(Name name) {
        String s = name.toString(true).toLowerCase(java.util.Locale.ROOT);
        if (!s.endsWith(".in-addr.arpa")) return Optional.empty();
        String[] labels = s.substring(0, s.length() - ".in-addr.arpa".length()).split("\\.");
        if (labels.length != 4) return Optional.empty();
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            String l = labels[3 - i];
            if (l.isEmpty() || l.length() > 3 || !l.chars().allMatch(Character::isDigit)) return Optional.empty();
            int v = Integer.parseInt(l);
            if (v > 255) return Optional.empty();
            b[i] = (byte) v;
        }
        try {
            return Optional.of((Inet4Address) InetAddress.getByAddress(b));
        } catch (java.net.UnknownHostException impossible) {
            return Optional.empty();
        }
    }
}
