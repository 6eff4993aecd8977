package dev.minidocker.api.engine;

import dev.minidocker.cli.CliRequests;
import dev.minidocker.engine.container.RunRequest;
import dev.minidocker.engine.container.RunRequestJson;
import dev.minidocker.json.JsonWriter;
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

/** A minimal client of POST /minidocker/runs (cli/RemoteRun's protocol) over a real UNIX socket, for tests. */
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

    /**
     * A run as the CLI would send it: {@code verb} "run" (args parsed by the CLI's option table) or
     * "run-command"; any other verb sends no request at all (the daemon must refuse that).
     */
    static RunProtocolClient start(Path socket, String verb, long pid, Path cwd, List<String> args, List<String> env)
            throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(socket));
        ch.write(ByteBuffer.wrap(request(verb, pid, cwd, args, env)));
        return new RunProtocolClient(ch);
    }

    /** The request's bytes, head and body (for a client in another process). */
    static byte[] request(String verb, long pid, Path cwd, List<String> args, List<String> env) {
        RunRequest run = switch (verb) {
            case "run" -> CliRequests.run(args);
            case "run-command" -> CliRequests.runCommand(args, null);
            default -> null;
        };
        JsonWriter w = new JsonWriter().beginObject().name("pid").value(pid).name("cwd").value(cwd.toString())
                .name("env").strings(env);
        if (run != null) RunRequestJson.write(w.name("request"), run.withPathsAgainst(cwd));
        byte[] body = w.endObject().toBytes();
        byte[] head = ("POST /minidocker/runs HTTP/1.1\r\nHost: minidocker\r\nContent-Type: application/json\r\n"
                + "Connection: Upgrade\r\nUpgrade: minidocker-run\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] all = java.util.Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
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


}
