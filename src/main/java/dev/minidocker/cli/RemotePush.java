package dev.minidocker.cli;

import dev.minidocker.cli.options.PlainArgs;
import dev.minidocker.fs.StoreRoot;
import dev.minidocker.json.JsonValues;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code push NAME[:TAG]} through the store's daemon when one runs, as {@code run} goes through it
 * ({@link RemoteRun}): the daemon's JVM is warm, so a push with nothing to upload costs this
 * client's start and a few HEADs instead of a cold JVM's whole push. Lean like RemoteRun (no
 * picocli, no Jackson data binding, no lambdas): {@code POST /images/{name}/push} over the UNIX
 * socket, the chunked JSON lines printed as docker prints them into a pipe. The daemon uses its
 * own credentials (the same config.json: same machine, same user). Null when no daemon answers:
 * the push then runs in this process.
 */
final class RemotePush {
    private final SocketChannel channel;
    private final PrintStream out;
    private final PrintStream err;
    private final ByteBuffer buf = ByteBuffer.allocate(16384).flip();

    private RemotePush(SocketChannel channel, PrintStream out, PrintStream err) {
        this.channel = channel;
        this.out = out;
        this.err = err;
    }

    /** {@code push NAME} with nothing but global options; null: not such a command line, or no daemon. */
    static Integer attempt(String[] args) {
        PlainArgs.Parsed parsed = PlainArgs.parse(args, "push", new dev.minidocker.cli.options.RunOption[0], false);
        if (parsed == null || parsed.positionals().size() != 1) return null;
        Map<String, String> env = System.getenv();
        if ("1".equals(env.get("MINIDOCKER_IN_PROCESS"))) return null;
        Path root = GlobalOptions.of(parsed.options()).rootPath();
        try {
            StoreRoot.verify(root);
        } catch (RuntimeException unsafe) {
            return null;
        }
        Path socket = RemoteRun.socketOf(root, env.get("MINIDOCKER_HOST"));
        if (socket == null || !Files.exists(socket)) return null;
        SocketChannel channel;
        try {
            channel = DaemonSocket.open(socket);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        try {
            return new RemotePush(channel, System.out, System.err).push(parsed.positionals().getFirst());
        } catch (IOException e) {
            System.err.println("mini-docker: lost the connection to the daemon at " + socket + ": " + e.getMessage());
            return ExitCodes.VERB_FAILED;
        } finally {
            RemoteRun.close(channel); // without initialising NIO's Net (see there)
        }
    }

    /** The exit code; null when the daemon cannot do it (then nothing was pushed). */
    private Integer push(String name) throws IOException {
        int slash = name.lastIndexOf('/');
        int colon = name.lastIndexOf(':');
        if (name.contains("@")) return null;
        String repo = colon > slash ? name.substring(0, colon) : name;
        String tag = colon > slash ? name.substring(colon + 1) : "latest";
        String head = "POST /images/" + repo + "/push?tag=" + URLEncoder.encode(tag, StandardCharsets.UTF_8)
                + " HTTP/1.1\r\nHost: minidocker\r\nContent-Length: 0\r\n\r\n";
        ByteBuffer request = ByteBuffer.wrap(head.getBytes(StandardCharsets.UTF_8));
        while (request.hasRemaining()) channel.write(request);
        String status = line();
        if (status == null) throw new IOException("no answer");
        String[] parts = status.split(" ", 3);
        int code = parts.length >= 2 ? Integer.parseInt(parts[1]) : 0;
        boolean chunked = false;
        long length = -1;
        for (String h = line(); h != null && !h.isEmpty(); h = line()) {
            int c = h.indexOf(':');
            if (c < 0) continue;
            String key = h.substring(0, c).trim();
            String value = h.substring(c + 1).trim();
            if (key.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) chunked = true;
            if (key.equalsIgnoreCase("Content-Length")) length = Long.parseLong(value);
        }
        if (code == 404 && length >= 0) {
            byte[] body = bytes(length);
            String message = message(body);
            if (message == null) return null; // a daemon without the endpoint
            err.println("mini-docker: " + message);
            return ExitCodes.VERB_FAILED;
        }
        if (code != 200) {
            String message = length >= 0 ? message(bytes(length)) : null;
            err.println("mini-docker: " + (message != null ? message : "the daemon refused the push: " + status));
            return ExitCodes.VERB_FAILED;
        }
        if (!chunked) throw new IOException("expected a chunked answer");
        return stream();
    }

    /** Reads the JSON lines of the chunked body, printing each; 1 if one was an error. */
    private int stream() throws IOException {
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        int result = 0;
        while (true) {
            String size = line();
            if (size == null) throw new IOException("the push stream ended early");
            int semi = size.indexOf(';');
            long n = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
            if (n == 0) {
                line();
                break;
            }
            byte[] chunk = bytes(n);
            line();
            for (byte b : chunk) {
                if (b == '\n') {
                    if (show(pending.toByteArray()) != 0) result = ExitCodes.VERB_FAILED;
                    pending.reset();
                } else {
                    pending.write(b);
                }
            }
        }
        if (pending.size() > 0 && show(pending.toByteArray()) != 0) result = ExitCodes.VERB_FAILED;
        out.flush();
        return result;
    }

    /** One JSON line as docker prints it into a pipe: "id: status", a message, or the error. */
    private int show(byte[] json) throws IOException {
        if (json.length == 0) return 0;
        if (!(JsonValues.parse(json) instanceof Map<?, ?> m)) return 0;
        if (m.get("error") instanceof String e) {
            out.flush();
            err.println("mini-docker: " + e);
            return 1;
        }
        Object status = m.get("status");
        if (!(status instanceof String s) || s.equals("Pushing")) return 0; // no byte counts into a pipe
        Object id = m.get("id");
        out.println(id instanceof String i && !i.isEmpty() ? i + ": " + s : s);
        return 0;
    }

    private static String message(byte[] body) {
        try {
            if (JsonValues.parse(body) instanceof Map<?, ?> m && m.get("message") instanceof String s) return s;
        } catch (IOException notJson) {
            // no message
        }
        return null;
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            if (!buf.hasRemaining() && !fill()) return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
            byte b = buf.get();
            if (b == '\n') {
                String s = line.toString(StandardCharsets.UTF_8);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            line.write(b);
        }
    }

    private byte[] bytes(long n) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        while (bytes.size() < n && (buf.hasRemaining() || fill())) bytes.write(buf.get());
        return bytes.toByteArray();
    }

    private boolean fill() throws IOException {
        buf.clear();
        int n = channel.read(buf);
        buf.flip();
        return n > 0;
    }
}
