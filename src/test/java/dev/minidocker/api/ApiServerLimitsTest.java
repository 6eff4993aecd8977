package dev.minidocker.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's limits and timeouts over a real UNIX socket, with a 1 KiB default body limit and
 * 300 ms timeouts: oversized and malformed requests get Docker's statuses without the server
 * reading what it refuses; idle, slow-head and stalled-body connections are closed and their
 * threads freed; a hijacked stream is not timed.
 */
class ApiServerLimitsTest {
    private static final Duration TIMEOUT = Duration.ofMillis(300);
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final long STREAM_LIMIT = 64 * 1024;
    @TempDir
    Path tmp;
    private Path socket;
    private ApiServer server;
    /** What the streaming handler saw: its byte count, or its read's failure. */
    private final BlockingQueue<Object> streamed = new ArrayBlockingQueue<>(10);

    @BeforeEach
    void start() throws Exception {
        Router r = new Router();
        r.get("/ping", ex -> ex.bytes(200, "text/plain", "OK".getBytes(StandardCharsets.US_ASCII)));
        r.post("/echo", ex -> ex.bytes(200, "text/plain", ex.request().body().readAllBytes()));
        r.post("/stream", BodyLimit.streamed(STREAM_LIMIT), ex -> {
            try {
                long n = ex.request().body().transferTo(java.io.OutputStream.nullOutputStream());
                streamed.add(n);
                ex.bytes(200, "text/plain", Long.toString(n).getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                streamed.add(e);
                throw e;
            }
        });
        r.post("/hijack", ex -> {
            HijackedConnection c = ex.hijack(StreamFrames.RAW);
            byte[] word = c.in().readNBytes(4);
            c.out().write(word);
            c.out().flush();
        });
        socket = tmp.resolve("api.sock");
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        ch.bind(UnixDomainSocketAddress.of(socket));
        HttpLimits limits = HttpLimits.DEFAULTS.withTimeouts(TIMEOUT, TIMEOUT, TIMEOUT).withMaxBufferedBody(1024);
        server = new ApiServer(r, Map.of("Api-Version", "1.41"), limits);
        server.serve(ch);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aDeclaredBodyOverTheLimitIs413BeforeAByteOfItIsSent() throws Exception {
        try (RawHttpConnection c = connect()) {
            c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1073741824\r\n\r\n");
            RawHttpConnection.Response r = c.response(WAIT);
            assertEquals(413, r.status());
            assertEquals("close", r.headers().get("connection"));
            assertTrue(r.body().contains("at most 1024 bytes"), r.body());
            assertTrue(c.closedWithin(WAIT));
        }
    }

    @Test
    void aChunkedBodyOverTheLimitIs413() throws Exception {
        try (RawHttpConnection c = connect()) {
            c.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
            for (int i = 0; i < 3; i++) c.send("200\r\n" + "x".repeat(512) + "\r\n");
            assertEquals(413, c.response(WAIT).status());
            assertTrue(c.closedWithin(WAIT));
        }
    }

    @Test
    void aStreamedEndpointTakesItsOwnLimitAndRefusesPastIt() throws Exception {
        try (RawHttpConnection c = connect()) {
            c.send("POST /stream HTTP/1.1\r\nHost: x\r\nContent-Length: 32768\r\n\r\n").send(new byte[32768]);
            RawHttpConnection.Response r = c.response(WAIT);
            assertEquals(200, r.status());
            assertEquals("32768", r.body());
        }
        try (RawHttpConnection c = connect()) {
            c.send("POST /stream HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
            for (int i = 0; i < 80; i++) c.send("400\r\n" + "y".repeat(1024) + "\r\n");
            assertEquals(413, c.response(WAIT).status());
            assertTrue(c.closedWithin(WAIT));
        }
        assertEquals(32768L, streamed.poll(10, TimeUnit.SECONDS));
        assertTrue(streamed.poll(10, TimeUnit.SECONDS) instanceof BadBodyException, "the handler's read failed with 413");
    }

    @Test
    void malformedRequestsAreAnsweredAndTheConnectionClosed() throws Exception {
        String[][] cases = {
                {"400", "POST /echo HTTP/1.1\r\nContent-Length: -5\r\n\r\n"},
                {"400", "POST /echo HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\nabc"},
                {"400", "POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n"},
                {"400", "POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n10000000000000000\r\nabc\r\n"},
                {"400", "GET /ping HTTP/1.1 x\r\n\r\n"},
                {"431", "GET /ping HTTP/1.1\r\nX-Big: " + "b".repeat(200 * 1024) + "\r\n\r\n"},
                {"501", "POST /echo HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n"},
        };
        for (String[] c : cases) {
            try (RawHttpConnection conn = connect()) {
                conn.send(c[1]);
                RawHttpConnection.Response r = conn.response(WAIT);
                assertEquals(Integer.parseInt(c[0]), r.status(), c[1].substring(0, Math.min(40, c[1].length())) + ": " + r.body());
                assertTrue(r.body().startsWith("{\"message\":"), r.body());
                assertTrue(conn.closedWithin(WAIT));
            }
        }
    }

    @Test
    void expect100ContinueIsAnsweredOnlyForABodyTheServerTakes() throws Exception {
        try (RawHttpConnection c = connect()) {
            c.send("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
            assertEquals(100, c.response(WAIT).status());
            c.send("hello");
            RawHttpConnection.Response r = c.response(WAIT);
            assertEquals(200, r.status());
            assertEquals("hello", r.body());
        }
        try (RawHttpConnection c = connect()) {
            c.send("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 1073741824\r\n\r\n");
            assertEquals(413, c.response(WAIT).status());
        }
    }

    @Test
    void aSmallBodyOfARefusedRequestIsSkippedAndTheConnectionKept() throws Exception {
        try (RawHttpConnection c = connect()) {
            c.send("POST /nothing HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc");
            assertEquals(404, c.response(WAIT).status());
            c.send("GET /ping HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("OK", c.response(WAIT).body());
        }
    }

    @Test
    void anIdleConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        try (RawHttpConnection c = connect()) {
            c.send("GET /ping HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(200, c.response(WAIT).status());
            assertTrue(c.closedWithin(WAIT), "idle after a request");
        }
        try (RawHttpConnection c = connect()) {
            assertTrue(c.closedWithin(WAIT), "idle from the start");
        }
        awaitNoConnections();
    }

    @Test
    void aHeadTrickledByteByByteIsCutOffByTheHeaderTimeout() throws Exception {
        try (RawHttpConnection c = connect()) {
            c.send("GET /ping HTTP/1.1\r\n");
            int sent = 0;
            try {
                // a byte every 50 ms never lets a read wait long, but the head as a whole takes too long
                for (; sent < 100; sent++) {
                    c.send("X-Slow-" + sent + ": v\r\n");
                    Thread.sleep(50);
                }
            } catch (IOException closed) {
                // the server closed the connection: what this test expects
            }
            assertTrue(sent < 100, "the trickle went on for " + sent * 50 + " ms");
            assertTrue(c.closedWithin(WAIT));
        }
        awaitNoConnections();
    }

    @Test
    void aStalledBodyEndsTheConnectionAndFreesItsThread() throws Exception {
        try (RawHttpConnection c = connect()) {
            c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nhello");
            assertEquals("", c.readToEnd(WAIT), "buffered body, read by the connection's virtual thread: closed unanswered");
        }
        try (RawHttpConnection c = connect()) {
            c.send("POST /stream HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nhello");
            assertTrue(c.closedWithin(WAIT), "streamed body, read by the handler's platform thread");
        }
        Object seen = streamed.poll(10, TimeUnit.SECONDS);
        assertTrue(seen instanceof TimedChannelInput.ReadTimeoutException, "the handler's read ended: " + seen);
        awaitNoConnections();
    }

    @Test
    void aHijackedStreamIsNotTimed() throws Exception {
        try (RawHttpConnection c = connect()) {
            c.send("POST /hijack HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n");
            assertEquals(101, c.response(WAIT).status());
            Thread.sleep(TIMEOUT.toMillis() * 4);
            c.send("ping");
            assertEquals("ping", c.readToEnd(WAIT), "the handler echoes and ends the stream");
        }
    }

    private RawHttpConnection connect() throws IOException {
        return new RawHttpConnection(socket);
    }

    private void awaitNoConnections() throws InterruptedException {
        for (int i = 0; i < 100 && server.openConnections() > 0; i++) Thread.sleep(50);
        assertEquals(0, server.openConnections(), "every connection and its thread is gone");
    }
}
