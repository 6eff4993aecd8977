package dev.minidocker.api.engine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** A minimal client of POST /minidocker/run (run-protocol.md) over a real UNIX socket, for tests. */
final class RunProtocolClient implements AutoCloseable {
    private final SocketChannel channel;
    private final InputStream in;
    final int status;
    final String head;

    private RunProtocolClient(SocketChannel channel) throws IOException {
        this.channel = channel;
        this.in = Channels.newInputStream(channel);
        this.head = readHead();
        this.status = Integer.parseInt(head.split(" ")[1]);
    }

    static RunProtocolClient start(Path socket, String verb, long pid, Path cwd, List<String> args, List<String> env)
            throws IOException {
        String body = "{\"verb\":" + quote(verb) + ",\"pid\":" + pid + ",\"cwd\":" + quote(cwd.toString())
                + ",\"args\":" + array(args) + ",\"env\":" + array(env) + "}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String request = "POST /minidocker/run HTTP/1.1\r\nHost: minidocker\r\nContent-Type: application/json\r\n"
                + "Connection: Upgrade\r\nUpgrade: minidocker-run\r\nContent-Length: " + bytes.length + "\r\n\r\n";
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(socket));
        ch.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
        ch.write(ByteBuffer.wrap(bytes));
        return new RunProtocolClient(ch);
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int c = in.read();
            if (c < 0) throw new IOException("EOF in the response head: " + b);
            b.write(c);
            matched = (c == "\r\n\r\n".charAt(matched)) ? matched + 1 : (c == '\r' ? 1 : 0);
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    /** The rest of the response: the body of an error, or the final line after a 101. */
    String rest() throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    void send(String line) throws IOException {
        channel.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') sb.append('\\');
            sb.append(c);
        }
        return sb.append('"').toString();
    }

    private static String array(List<String> values) {
        return values.stream().map(RunProtocolClient::quote).collect(Collectors.joining(",", "[", "]"));
    }
}
