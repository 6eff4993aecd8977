package dev.minidocker.api;

import dev.minidocker.json.Json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.daemon.DaemonClient;
import dev.minidocker.daemon.DaemonInfo;
import java.io.IOException;
import java.io.OutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon as users run it (its own JVM with the production flags, started on demand) under the
 * loads that broke it: a 1 GiB request body, streamed from a generator, is refused with 413 and
 * the daemon's peak RSS stays under 200 MB (it used to read the body whole); 1,000 idle
 * connections held 30 s (the figure; {@code -Dminidocker.test.idleHoldSeconds} changes
 * it) neither take an OS thread each nor keep {@code /_ping} from answering.
 */
class DaemonProcessLimitsTest {
    private static final long GIB = 1024L * 1024 * 1024;
    private static final Duration WAIT = Duration.ofSeconds(30);
    @TempDir
    Path root;
    private Path socket;
    private ProcessHandle daemon;

    @BeforeEach
    void start() throws Exception {
        DaemonClient.ensureRunning(root);
        DaemonInfo info = Json.MAPPER.readValue(Files.readAllBytes(root.resolve("daemon.json")), DaemonInfo.class);
        daemon = ProcessHandle.of(info.pid()).orElseThrow();
        socket = root.resolve("minidocker.sock");
    }

    @AfterEach
    void stop() throws Exception {
        daemon.destroy(); // SIGTERM
        daemon.onExit().get(30, TimeUnit.SECONDS);
    }

    @Test
    void aGibibyteBodyIsRefusedWith413AndTheDaemonStaysSmall() throws Exception {
        String create = "POST /v1.41/containers/create HTTP/1.1\r\nHost: docker\r\nContent-Type: application/json\r\n";
        RawHttpConnection.Response declared = sendGibibyte(create + "Content-Length: " + GIB + "\r\n\r\n", false);
        assertEquals(413, declared.status(), declared.body());
        RawHttpConnection.Response chunked = sendGibibyte(create + "Transfer-Encoding: chunked\r\n\r\n", true);
        assertEquals(413, chunked.status(), chunked.body());
        assertTrue(daemon.isAlive());
        long peakKiB = status("VmHWM");
        System.out.println("daemon peak RSS after two 1 GiB bodies: " + peakKiB / 1024 + " MiB");
        assertTrue(peakKiB < 200 * 1024, "the daemon's peak RSS was " + peakKiB / 1024 + " MiB");
        assertEquals("OK", ping(new RawHttpConnection(socket)).body(), "the daemon still answers");
    }

    @Test
    void aThousandIdleConnectionsNeitherPinThreadsNorDelayPing() throws Exception {
        long holdSeconds = Long.getLong("minidocker.test.idleHoldSeconds", 30);
        List<RawHttpConnection> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 1000; i++) idle.add(new RawHttpConnection(socket));
            ping(new RawHttpConnection(socket)); // every connection before it has been accepted
            long threads = status("Threads");
            assertTrue(threads < 100, "the daemon runs " + threads + " threads for 1,000 idle connections");
            Thread.sleep(TimeUnit.SECONDS.toMillis(holdSeconds));
            long[] millis = new long[5];
            for (int i = 0; i < millis.length; i++) {
                long t0 = System.nanoTime();
                assertEquals("OK", ping(new RawHttpConnection(socket)).body());
                millis[i] = (System.nanoTime() - t0) / 1_000_000;
            }
            long[] sorted = millis.clone();
            Arrays.sort(sorted);
            System.out.println("/_ping with 1,000 idle connections held " + holdSeconds + " s, " + threads
                    + " daemon threads: " + Arrays.toString(millis) + " ms");
            assertTrue(sorted[2] <= 100, "median /_ping took " + sorted[2] + " ms: " + Arrays.toString(millis));
            for (RawHttpConnection c : idle) assertEquals("OK", ping(c).body(), "each idle connection is still served");
        } finally {
            for (RawHttpConnection c : idle) c.close();
        }
    }

    /**
     * Streams a 1 GiB body after {@code head} from a small buffer (never from memory) on another
     * thread, and returns the daemon's answer, which must come while the body is still being sent.
     */
    private RawHttpConnection.Response sendGibibyte(String head, boolean chunked) throws Exception {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            Thread writer = Thread.ofPlatform().daemon().start(() -> {
                try {
                    OutputStream out = Channels.newOutputStream(ch);
                    out.write(head.getBytes(StandardCharsets.US_ASCII));
                    byte[] block = new byte[64 * 1024];
                    Arrays.fill(block, (byte) ' ');
                    byte[] size = "10000\r\n".getBytes(StandardCharsets.US_ASCII);
                    for (long sent = 0; sent < GIB; sent += block.length) {
                        if (chunked) out.write(size);
                        out.write(block);
                        if (chunked) out.write(HttpLines.CRLF);
                    }
                } catch (IOException refused) {
                    // the daemon answered and closed the connection: the body is not wanted
                }
            });
            try {
                return new RawHttpConnection(ch).response(WAIT);
            } finally {
                ch.close();
                writer.join(WAIT.toMillis());
            }
        }
    }

    private static RawHttpConnection.Response ping(RawHttpConnection c) throws Exception {
        c.send("GET /_ping HTTP/1.1\r\nHost: docker\r\n\r\n");
        return c.response(WAIT);
    }

    /** A field of /proc/PID/status, in its unit (kB for memory). */
    private long status(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + daemon.pid() + "/status"))) {
            if (line.startsWith(field + ":")) return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim());
        }
        throw new AssertionError("no " + field + " in /proc/" + daemon.pid() + "/status");
    }
}
