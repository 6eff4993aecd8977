package dev.minidocker.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.minidocker.cli.options.PlainArgs;
import dev.minidocker.cli.options.RunOption;
import dev.minidocker.engine.container.RunRequest;
import dev.minidocker.json.JsonValues;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client half of a foreground run in the daemon, against a scripted fake daemon on a UNIX socket. */
class RemoteRunTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    /** Serves one connection: reads the request head and body, then lets {@code script} answer. */
    /** The request the CLI makes of {@code run ARGS...}, through the option table as Main does. */
    static RunRequest request(List<String> args) {
        List<String> argv = new java.util.ArrayList<>(List.of("run"));
        argv.addAll(args);
        PlainArgs.Parsed parsed = PlainArgs.parse(argv.toArray(String[]::new), "run", RunOption.values(), true);
        return RunCommand.request(parsed.options(), parsed.positionals());
    }

    private Integer runAgainst(BiConsumer<Map<?, ?>, SocketChannel> script, List<String> args) throws Exception {
        Path socket = dir.resolve("d.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (SocketChannel c = server.accept()) {
                    script.accept(readRequest(c), c);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            Integer code = RemoteRun.attempt(SocketChannel.open(UnixDomainSocketAddress.of(socket)), socket, request(args), err);
            served.get();
            return code;
        }
    }

    private static Map<?, ?> readRequest(SocketChannel c) throws IOException {
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        ByteBuffer b = ByteBuffer.allocate(1);
        int length = -1, headEnd = -1;
        while (headEnd < 0 || in.size() < headEnd + length) {
            b.clear();
            if (c.read(b) < 0) throw new IOException("eof");
            in.write(b.get(0));
            String s = in.toString(StandardCharsets.UTF_8);
            if (headEnd < 0 && s.endsWith("\r\n\r\n")) {
                headEnd = s.length();
                assertTrue(s.startsWith("POST /minidocker/runs HTTP/1.1\r\n"), s);
                assertTrue(s.contains("Upgrade: minidocker-run\r\n"), s);
                String cl = s.substring(s.indexOf("Content-Length: ") + 16);
                length = Integer.parseInt(cl.substring(0, cl.indexOf('\r')));
            }
        }
        byte[] all = in.toByteArray();
        return (Map<?, ?>) JsonValues.parse(java.util.Arrays.copyOfRange(all, headEnd, all.length));
    }

    private static void send(SocketChannel c, String text) {
        try {
            ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) c.write(b);
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    private static final String UPGRADED = "HTTP/1.1 101 UPGRADED\r\nConnection: Upgrade\r\nUpgrade: minidocker-run\r\n\r\n";

    @Test
    void sendsWhoIsAskingAndReturnsTheContainersExitCode() throws Exception {
        Map<?, ?>[] request = {null};
        Integer code = runAgainst((req, c) -> {
            request[0] = req;
            send(c, UPGRADED + "exit 3\n");
        }, List.of("--rm", "-e", "A=\"q\"\n", "--env-file", "rel.env", "-m", "64m", "busybox", "sh", "-c", "exit 3"));
        assertEquals(3, code);
        assertEquals(ProcessHandle.current().pid(), ((Number) request[0].get("pid")).longValue());
        Path cwd = Path.of("").toAbsolutePath();
        assertEquals(cwd.toString(), request[0].get("cwd"));
        assertTrue(((List<?>) request[0].get("env")).contains("PATH=" + System.getenv("PATH")));
        // the typed request, parsed here (never again by the daemon), relative paths resolved here
        Map<?, ?> run = (Map<?, ?>) request[0].get("request");
        assertEquals("busybox", run.get("image"));
        assertEquals(List.of("sh", "-c", "exit 3"), run.get("command"));
        assertEquals(List.of("A=\"q\"\n"), run.get("env"));
        assertEquals(List.of(cwd.resolve("rel.env").toString()), run.get("envFiles"));
        Map<?, ?> host = (Map<?, ?>) run.get("host");
        assertEquals(true, host.get("autoRemove"));
        assertEquals(64L << 20, ((Number) ((Map<?, ?>) host.get("resources")).get("Memory")).longValue());
        assertEquals("", errBytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theConnectionIsClosedWhenTheRunEnds() throws Exception {
        int[] afterExit = {0};
        Integer code = runAgainst((req, c) -> {
            send(c, UPGRADED + "exit 0\n");
            try {
                afterExit[0] = c.read(ByteBuffer.allocate(16)); // blocks until the client closes
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }, List.of("busybox", "true"));
        assertEquals(0, code);
        assertEquals(-1, afterExit[0], "the daemon reads EOF once the client is done");
    }

    @Test
    void anErrorLineIsPrintedAndItsCodeReturned() throws Exception {
        Integer code = runAgainst((req, c) -> send(c, UPGRADED + "error 127 exec: \"nope\": executable file not found in $PATH\n"),
                List.of("busybox", "nope"));
        assertEquals(127, code);
        assertEquals("mini-docker: exec: \"nope\": executable file not found in $PATH\n", errBytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aRefusedRequestPrintsTheDaemonsMessage() throws Exception {
        String body = "{\"message\":\"pid 1 is not the caller\"}";
        Integer code = runAgainst((req, c) -> send(c, "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body), List.of("busybox"));
        assertEquals(125, code);
        assertEquals("mini-docker: pid 1 is not the caller\n", errBytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aDaemonWithoutTheEndpointLeavesTheRunToTheCaller() throws Exception {
        Integer code = runAgainst((req, c) -> send(c, "HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\n{}"), List.of("busybox"));
        assertNull(code);
    }

    @Test
    void aConnectionLostMidRunIsAToolError() throws Exception {
        Integer code = runAgainst((req, c) -> send(c, UPGRADED), List.of("busybox", "sleep", "1"));
        assertEquals(125, code);
        assertTrue(errBytes.toString(StandardCharsets.UTF_8).startsWith("mini-docker: lost the connection to the daemon"));
    }

    @Test
    void signalsReachTheDaemonAsLines() throws Exception {
        Integer code = runAgainst((req, c) -> {
            send(c, UPGRADED);
            try {
                new ProcessBuilder("kill", "-USR2", Long.toString(ProcessHandle.current().pid())).start().waitFor();
                ByteBuffer b = ByteBuffer.allocate(64);
                while (!new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).contains("\n")) {
                    if (c.read(b) < 0) break;
                }
                String line = new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII);
                send(c, line.equals("signal 12\n") ? "exit 140\n" : "exit 1\n");
            } catch (IOException | InterruptedException e) {
                throw new RuntimeException(e);
            }
        }, List.of("busybox", "sleep", "100"));
        assertEquals(140, code);
    }

    @Test
    void noDaemonSocketMeansNoRemoteRun() {
        assertNull(RemoteRun.attempt(dir.resolve("root"), Map.of(), request(List.of("busybox"))));
    }

    @Test
    void inProcessIsForcedEvenWhenADaemonListens() throws Exception {
        Path socket = dir.resolve("d.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            server.configureBlocking(false);
            Map<String, String> env = Map.of("MINIDOCKER_IN_PROCESS", "1", "MINIDOCKER_HOST", "unix://" + socket);
            assertNull(RemoteRun.attempt(dir.resolve("root"), env, request(List.of("busybox"))));
            assertNull(server.accept(), "MINIDOCKER_IN_PROCESS=1 must not even connect");
        }
    }

    @Test
    void theSocketIsTheRootsUnlessTheInfoFileOrTheEnvironmentSaysOtherwise() throws IOException {
        Path root = dir.resolve("root");
        assertEquals(root.resolve("minidocker.sock"), RemoteRun.socketOf(root, null));
        Files.createDirectories(root);
        Files.writeString(root.resolve("daemon.json"), "{\"Pid\":1,\"Host\":\"unix:///run/x.sock\"}");
        assertEquals(Path.of("/run/x.sock"), RemoteRun.socketOf(root, null));
        assertEquals(Path.of("/run/x.sock"), RemoteRun.socketOf(root, ""), "an empty variable is unset");
        assertEquals(Path.of("/run/y.sock"), RemoteRun.socketOf(root, "unix:///run/y.sock"), "the variable wins");
        assertNull(RemoteRun.socketOf(root, "tcp://127.0.0.1:2375"), "a TCP daemon takes no foreground run");
        assertNull(RemoteRun.socketOf(root, "no-port"), "a bad address: the in-process run reports it");
    }
}
