package dev.minidocker.network.dns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;

/**
 * One query to one upstream server and its answer, over UDP (a connected socket on a fresh
 * ephemeral port, so only that server's datagrams arrive) or TCP (two-byte length prefix), within a
 * deadline. An answer counts only if it carries the query's id and question; anything else that
 * arrives is dropped, which is all that off-path spoofing can achieve.
 */
final class UpstreamExchange {
    private UpstreamExchange() {}

    static Message udp(InetSocketAddress server, Message query, Duration timeout) throws IOException {
        byte[] out = query.toWire();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (DatagramSocket s = new DatagramSocket()) {
            s.connect(server);
            s.send(new DatagramPacket(out, out.length));
            byte[] buf = new byte[DnsReplies.TCP_MAX];
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) throw new SocketTimeoutException("no answer from " + server + " within " + timeout.toMillis() + " ms");
                s.setSoTimeout((int) Math.max(1, left / 1_000_000));
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                s.receive(p); // a port unreachable comes back as PortUnreachableException: no server there
                Message answer = parse(buf, p.getLength());
                if (answer != null && answers(query, answer)) return answer;
            }
        }
    }

    static Message tcp(InetSocketAddress server, Message query, Duration timeout) throws IOException {
        byte[] out = query.toWire();
        int millis = (int) Math.max(1, timeout.toMillis());
        try (Socket s = new Socket()) {
            s.connect(server, millis);
            s.setSoTimeout(millis);
            DataOutputStream o = new DataOutputStream(s.getOutputStream());
            o.writeShort(out.length);
            o.write(out);
            o.flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte[] buf = new byte[in.readUnsignedShort()];
            in.readFully(buf);
            Message answer = parse(buf, buf.length);
            if (answer == null || !answers(query, answer)) throw new IOException("a wrong answer from " + server);
            return answer;
        }
    }

    private static Message parse(byte[] buf, int length) {
        try {
            return new Message(java.util.Arrays.copyOf(buf, length));
        } catch (IOException | RuntimeException malformed) {
            return null;
        }
    }

    /** Same id, a response, and the question asked (names compare without case). */
    static boolean answers(Message query, Message answer) {
        if (answer.getHeader().getID() != query.getHeader().getID()) return false;
        if (!answer.getHeader().getFlag(org.xbill.DNS.Flags.QR)) return false;
        Record q = query.getQuestion(), a = answer.getQuestion();
        return a != null && q.getName().equals(a.getName()) && q.getType() == a.getType() && q.getDClass() == a.getDClass();
    }
}
