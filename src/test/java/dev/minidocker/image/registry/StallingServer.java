package dev.minidocker.image.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A registry that answers every GET with headers promising {@code promised} bytes, sends
 * {@code sent} of them, and then goes silent with the connection open: the failure WireMock's
 * dribble delay cannot produce (it delays the headers too). TLS probes are hung up on.
 */
final class StallingServer implements AutoCloseable {
    private final ServerSocket socket;
    private final Thread acceptor;
    private final List<Socket> held = new ArrayList<>();

    StallingServer(int promised, int sent) throws IOException {
        socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        acceptor = Thread.ofPlatform().daemon().name("stalling-server").start(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket s = socket.accept();
                    synchronized (held) {
                        held.add(s);
                    }
                    answer(s, promised, sent);
                } catch (IOException e) {
                    // closed by the test, or a client that went away
                }
            }
        });
    }

    private static void answer(Socket s, int promised, int sent) throws IOException {
        InputStream in = s.getInputStream();
        int first = in.read();
        if (first != 'G') { // a TLS ClientHello (0x16) or garbage: refuse like a plain HTTP server would
            s.close();
            return;
        }
        // read to the end of the request headers
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) return;
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        OutputStream out = s.getOutputStream();
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " + promised
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(new byte[sent]);
        out.flush();
        // and then nothing: the socket stays open until close()
    }

    String registry() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        synchronized (held) {
            for (Socket s : held) s.close();
        }
        try {
            acceptor.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
