package dev.minidocker.network.dns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import org.xbill.DNS.Message;

/**
 * A name server on 127.0.0.1 (UDP and TCP on one ephemeral port, or on a given address) that records what it is asked and
 * answers with {@code answers} (query, overTcp) -> reply, or stays silent when that returns null.
 * Tests forward only to such servers: nothing leaves the machine's loopback.
 */
public final class FakeUpstream implements AutoCloseable {
    public record Asked(Message query, boolean tcp) {}

    public final List<Asked> asked = new CopyOnWriteArrayList<>();
    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final BiFunction<Message, Boolean, Message> answers;

    FakeUpstream(BiFunction<Message, Boolean, Message> answers) throws IOException {
        this(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 0), answers);
    }

    /** On {@code at} (a resolv.conf cannot name a port: tests that write one use 127.0.0.x:53). */
    public FakeUpstream(InetSocketAddress at, BiFunction<Message, Boolean, Message> answers) throws IOException {
        this.answers = answers;
        udp = new DatagramSocket(at);
        try {
            tcp = new ServerSocket(udp.getLocalPort(), 16, at.getAddress());
        } catch (IOException e) {
            udp.close();
            throw e;
        }
        Thread.ofVirtual().start(this::udpLoop);
        Thread.ofVirtual().start(this::tcpLoop);
    }

    /** Answers that know one name (its A record; an empty answer for other types) and NXDOMAIN for the rest. */
    public static BiFunction<Message, Boolean, Message> knowing(String name, String address) {
        return (q, tcp) -> {
            boolean known = q.getQuestion().getName().toString(true).equalsIgnoreCase(name);
            Message reply = DnsReplies.replyTo(q, known ? org.xbill.DNS.Rcode.NOERROR : org.xbill.DNS.Rcode.NXDOMAIN);
            if (known && q.getQuestion().getType() == org.xbill.DNS.Type.A) {
                reply.addRecord(new org.xbill.DNS.ARecord(q.getQuestion().getName(), org.xbill.DNS.DClass.IN, 60,
                        InetAddress.ofLiteral(address)), org.xbill.DNS.Section.ANSWER);
            }
            return reply;
        };
    }

    /** Whether {@code name} was asked (in any type). */
    public boolean wasAsked(String name) {
        for (Asked a : asked) if (a.query().getQuestion().getName().toString(true).equalsIgnoreCase(name)) return true;
        return false;
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) udp.getLocalSocketAddress();
    }

    private void udpLoop() {
        byte[] buf = new byte[65535];
        while (!udp.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                udp.receive(p);
                Message q = new Message(java.util.Arrays.copyOf(buf, p.getLength()));
                asked.add(new Asked(q, false));
                Message reply = answers.apply(q, false);
                if (reply != null) {
                    byte[] out = reply.toWire();
                    udp.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
                }
            } catch (IOException e) {
                // closed, or a query that did not parse
            }
        }
    }

    private void tcpLoop() {
        while (!tcp.isClosed()) {
            try (Socket s = tcp.accept()) {
                DataInputStream in = new DataInputStream(s.getInputStream());
                byte[] q = new byte[in.readUnsignedShort()];
                in.readFully(q);
                Message query = new Message(q);
                asked.add(new Asked(query, true));
                Message reply = answers.apply(query, true);
                if (reply == null) continue;
                byte[] out = reply.toWire();
                DataOutputStream o = new DataOutputStream(s.getOutputStream());
                o.writeShort(out.length);
                o.write(out);
                o.flush();
            } catch (IOException e) {
                // closed
            }
        }
    }

    @Override
    public void close() throws IOException {
        udp.close();
        tcp.close();
    }
}
