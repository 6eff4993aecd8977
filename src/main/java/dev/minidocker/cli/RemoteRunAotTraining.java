package dev.minidocker.cli;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What scripts/make-aot-cache runs to record the AOT cache of a {@code run} or {@code push} handed to
 * the daemon (target/mini-docker-client.aot, used by ./mini-docker for run, run-command and a plain
 * push when the store's daemon socket exists): the client half only ({@link RemoteRun},
 * {@link RemotePush}), against a daemon stand-in in this JVM that reads the request and answers
 * {@code exit 0}, or a push's JSON lines. A JDK 25 AOT cache loads every class
 * it holds at start-up, so the CLI cache (trained on an in-process run: ~3000 classes) would make
 * this lean client about as slow as the run it replaces; this one holds only what the client uses.
 *
 * <p>Usage: {@code RemoteRunAotTraining STORE}, STORE a scratch store root (empty or missing).
 */
public final class RemoteRunAotTraining {
    /** The daemon's answer to a push with nothing to upload, as POST /images/{name}/push streams it. */
    private static final String PUSHED = chunked("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n",
            "{\"status\":\"The push refers to repository [127.0.0.1:5000/train]\"}\n",
            "{\"status\":\"Preparing\",\"progressDetail\":{},\"id\":\"2cf6291b43bd\"}\n",
            "{\"status\":\"Layer already exists\",\"progressDetail\":{},\"id\":\"2cf6291b43bd\"}\n",
            "{\"status\":\"latest: digest: sha256:" + "0".repeat(64) + " size: 405\"}\n"
                    + "{\"progressDetail\":{},\"aux\":{\"Tag\":\"latest\",\"Digest\":\"sha256:" + "0".repeat(64)
                    + "\",\"Size\":405}}\n");

    private RemoteRunAotTraining() {}

    private static String chunked(String head, String... chunks) {
        StringBuilder out = new StringBuilder(head);
        for (String c : chunks) out.append(Integer.toHexString(c.length())).append("\r\n").append(c).append("\r\n");
        return out.append("0\r\n\r\n").toString();
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) throw new IllegalArgumentException("usage: RemoteRunAotTraining STORE");
        Main.prepare(false); // as Main.main does, without the daemon's autostart
        Path root = Path.of(args[0]);
        Files.createDirectories(root);
        Path socket = root.resolve("minidocker.sock");
        Files.deleteIfExists(socket);
        // Opened as DaemonSocket opens the client's, so that the JDK's SUN provider stays out of the cache.
        DaemonSocket.ProviderOverride override = DaemonSocket.ProviderOverride.urandomOnly();
        ServerSocketChannel opened;
        try {
            opened = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        } finally {
            override.end();
        }
        try (ServerSocketChannel server = opened) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread.ofPlatform().daemon().start(() -> answer(server));
            String[][] runs = {
                {"--root", args[0], "run", "--rm", "--network", "none", "-e", "A=b", "busybox", "true"},
                {"--root", args[0], "run-command", "true"},
                {"--root", args[0], "push", "127.0.0.1:5000/train:latest"},
            };
            for (String[] run : runs) {
                if (Main.run(run) != 0) {
                    System.err.println("aot-training: mini-docker " + String.join(" ", run) + " failed");
                    System.exit(1);
                }
            }
        } finally {
            Files.deleteIfExists(socket);
        }
        Main.shuttingDown();            // as Main.main ends (it loads the JDK's shutdown hook registry)
        Runtime.getRuntime().halt(0);   // as Main.main ends: the cache is written at halt too
    }

    private static void answer(ServerSocketChannel server) {
        while (true) {
            try (SocketChannel c = server.accept()) {
                ByteBuffer b = ByteBuffer.allocate(1 << 16);
                String seen = "";
                int body = -1;
                while (body < 0 || seen.length() < body) {
                    if (c.read(b) < 0) break;
                    seen = new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
                    int end = seen.indexOf("\r\n\r\n");
                    int cl = seen.indexOf("Content-Length: ");
                    if (end > 0 && cl > 0) {
                        body = end + 4 + Integer.parseInt(seen.substring(cl + 16, seen.indexOf('\r', cl)));
                    }
                }
                String answer = seen.startsWith("POST /images/") ? PUSHED
                        : "HTTP/1.1 101 UPGRADED\r\nConnection: Upgrade\r\nUpgrade: minidocker-run\r\n\r\nexit 0\n";
                c.write(ByteBuffer.wrap(answer.getBytes(StandardCharsets.US_ASCII)));
            } catch (IOException e) {
                return;
            }
        }
    }
}
