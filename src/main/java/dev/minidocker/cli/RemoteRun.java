package dev.minidocker.cli;

import dev.minidocker.daemon.DaemonAddress;
import dev.minidocker.daemon.DaemonPaths;
import dev.minidocker.engine.container.RunRequest;
import dev.minidocker.fs.StoreRoot;
import dev.minidocker.json.JsonValues;
import dev.minidocker.linux.SignalForwarder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * A foreground {@code run} handed to the daemon of its store root, as {@code docker run} hands it to
 * dockerd: the daemon is warm (no JVM start-up, no cold Jackson) and keeps a stage 2 waiting in
 * fresh namespaces, so the run costs about one lean JVM start here. The daemon takes this process's
 * stdio by pid (pidfd_getfd), so the container writes straight to our stdout and stderr; this
 * process only forwards signals and waits for the one line that says how the run ended.
 * The protocol ({@code POST /minidocker/runs}, then lines) is described in the daemon's endpoint.
 *
 * <p>Used only when a daemon answers: a foreground run never starts one, and without one the run
 * happens in this process. The request is typed data, parsed here with the same option table an
 * in-process run uses (cli/options), never parsed again by the daemon. This class stays lean on
 * purpose: no picocli, no Jackson, no FFM; the JVM that runs it does little else.
 */
final class RemoteRun {
    private final SocketChannel channel;
    private final PrintStream err;

    private RemoteRun(SocketChannel channel, PrintStream err) {
        this.channel = channel;
        this.err = err;
    }

    /**
     * Runs {@code request} (parsed here, with the same option table as an in-process run) in the
     * daemon of {@code root} and returns the exit code; null when no daemon answers (or it does not
     * know this request), in which case nothing was started and the caller runs the container itself.
     */
    static Integer attempt(Path root, RunRequest request) {
        return attempt(root, System.getenv(), request);
    }

    /** As {@link #attempt(Path, RunRequest)}, with the environment variables given (tests pass their own). */
    static Integer attempt(Path root, Map<String, String> env, RunRequest request) {
        if ("1".equals(env.get("MINIDOCKER_IN_PROCESS"))) return null;
        try {
            StoreRoot.verify(root); // before its daemon.json is believed: a root others can write is refused
        } catch (RuntimeException unsafe) {
            return null; // the in-process run reports it
        }
        Path socket = socketOf(root, env.get("MINIDOCKER_HOST"));
        if (socket == null || !Files.exists(socket)) return null;
        SocketChannel channel;
        try {
            channel = DaemonSocket.open(socket);
        } catch (IOException | RuntimeException e) {
            return null; // a stale socket file: no daemon
        }
        return attempt(channel, socket, request, System.err);
    }

    /** The run over an open connection to the daemon listening on {@code socket}. */
    static Integer attempt(SocketChannel channel, Path socket, RunRequest request, PrintStream err) {
        try {
            return new RemoteRun(channel, err).run(request);
        } catch (IOException e) {
            err.println("mini-docker: lost the connection to the daemon at " + socket + ": " + e.getMessage());
            return ExitCodes.TOOL_ERROR;
        } finally {
            close(channel);
        }
    }

    /**
     * Closes a connection to the daemon. Closing a connected blocking channel first asks NIO's Net
     * class whether to shut down output (for SO_LINGER), and initialising Net (InetAddress, libnet,
     * the extended socket options) cost this client ~4 ms at its very end; a non-blocking channel,
     * registered with no selector, just closes.
     */
    static void close(SocketChannel channel) {
        try {
            channel.configureBlocking(false);
        } catch (IOException | RuntimeException e) {
            // closed already, or in use: the close below still releases it
        }
        try {
            channel.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }

    /**
     * The daemon's UNIX socket for {@code root}, as DaemonClient finds it ({@code hostVariable}: the
     * value of $MINIDOCKER_HOST, or null); null for a TCP-only daemon.
     */
    static Path socketOf(Path root, String hostVariable) {
        try {
            DaemonAddress address = new DaemonPaths(root).clientAddress(hostVariable);
            return address.isUnix() ? address.unixPath() : null;
        } catch (RuntimeException badAddress) {
            return null; // the in-process run reports it, if it matters to it
        }
    }

    private Integer run(RunRequest request) throws IOException {
        Path cwd = Path.of("").toAbsolutePath();
        byte[] body = RemoteRunRequest.json(request.withPathsAgainst(cwd), ProcessHandle.current().pid(), cwd.toString(),
                System.getenv());
        String head = "POST /minidocker/runs HTTP/1.1\r\nHost: minidocker\r\nContent-Type: application/json\r\n"
                + "Connection: Upgrade\r\nUpgrade: minidocker-run\r\nContent-Length: " + body.length + "\r\n\r\n";
        write(head.getBytes(StandardCharsets.US_ASCII));
        write(body);
        LineReader in = new LineReader(channel);
        String status = in.line();
        if (status == null) throw new IOException("no answer");
        String[] parts = status.split(" ", 3);
        int code = parts.length >= 2 ? Integer.parseInt(parts[1]) : 0;
        long length = 0;
        for (String h = in.line(); h != null && !h.isEmpty(); h = in.line()) {
            int colon = h.indexOf(':');
            if (colon > 0 && h.substring(0, colon).trim().equalsIgnoreCase("Content-Length")) {
                length = Long.parseLong(h.substring(colon + 1).trim());
            }
        }
        if (code == 404) return null; // a daemon from before this endpoint: nothing was started
        if (code != 101) {
            err.println("mini-docker: " + errorMessage(in.bytes(length), status));
            return ExitCodes.TOOL_ERROR;
        }
        // An anonymous class, not a lambda: a lambda's bootstrap cost this client ~10 ms.
        SignalForwarder forwarder = SignalForwarder.install(new IntConsumer() {
            @Override
            public void accept(int signal) {
                forward(signal);
            }
        });
        try {
            return outcome(in);
        } finally {
            forwarder.uninstall();
        }
    }

    /** The run's last line: its exit code, or an error to print and its code. */
    private int outcome(LineReader in) throws IOException {
        for (String line = in.line(); line != null; line = in.line()) {
            if (line.startsWith("exit ")) return Integer.parseInt(line.substring(5).trim());
            if (line.startsWith("error ")) {
                int space = line.indexOf(' ', 6);
                String number = space < 0 ? line.substring(6) : line.substring(6, space);
                err.println("mini-docker: " + (space < 0 ? "the daemon reported an error" : line.substring(space + 1)));
                return Integer.parseInt(number.trim());
            }
        }
        throw new IOException("it closed the connection before the container ended");
    }

    /** From the signal handler thread; the main thread meanwhile blocks in read. */
    private synchronized void forward(int signal) {
        try {
            write(("signal " + signal + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException gone) {
            // the daemon closed the connection: the run is over anyway
        }
    }

    private synchronized void write(byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) channel.write(b);
    }

    /** The "message" of Docker's error body, else the status line. */
    private static String errorMessage(byte[] body, String status) {
        try {
            if (JsonValues.parse(body) instanceof Map<?, ?> m && m.get("message") instanceof String s) return s;
        } catch (IOException notJson) {
            // fall through
        }
        return "the daemon refused the run: " + status;
    }

    /** CRLF- or LF-terminated lines and counted bytes from a blocking channel. */
    private static final class LineReader {
        private final SocketChannel channel;
        private final ByteBuffer buf = ByteBuffer.allocate(8192).flip();

        LineReader(SocketChannel channel) {
            this.channel = channel;
        }

        /** The next line without its terminator; null at EOF. */
        String line() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            while (true) {
                if (!buf.hasRemaining() && !fill()) {
                    return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
                }
                byte b = buf.get();
                if (b == '\n') {
                    String s = line.toString(StandardCharsets.UTF_8);
                    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
                }
                line.write(b);
            }
        }

        byte[] bytes(long n) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (out.size() < n && (buf.hasRemaining() || fill())) out.write(buf.get());
            return out.toByteArray();
        }

        private boolean fill() throws IOException {
            buf.clear();
            int n = channel.read(buf);
            buf.flip();
            return n > 0;
        }
    }
}
