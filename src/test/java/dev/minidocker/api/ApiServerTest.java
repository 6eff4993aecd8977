package dev.minidocker.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP server, router and client over a real UNIX socket in a temp dir (no root needed). */
class ApiServerTest {
    record Greeting(String hello, String version) {}

    record Flags(boolean all, String f) {}

    @TempDir
    Path tmp;
    private ApiServer server;
    private UnixHttpClient client;
    private Path socket;

    @BeforeEach
    void start() throws Exception {
        Router r = new Router();
        r.get("/hello/{name}", ex -> ex.json(200, new Greeting(ex.request().param("name"), ex.request().apiVersion())));
        r.get("/images/{name*}/json", ex -> ex.json(200, Map.of("name", ex.request().param("name"))));
        r.post("/echo", ex -> ex.bytes(200, "text/plain", ex.request().body().readAllBytes()));
        r.get("/query", ex -> ex.json(200, new Flags(ex.request().flag("all"), ex.request().query("f", "-"))));
        r.get("/stream", ex -> {
            try (OutputStream out = ex.stream(200, "application/json")) {
                for (int i = 0; i < 3; i++) {
                    out.write(("{\"n\":" + i + "}\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
        });
        r.post("/conflict", ex -> { throw ApiException.conflict("name in use"); });
        r.post("/hijack", ex -> {
            HijackedConnection c = ex.hijack(StreamFrames.RAW);
            StreamFrames frames = new StreamFrames(c.out());
            byte[] line = new BufferedInputStream(c.in()).readNBytes(5);
            frames.write(StreamFrames.STDOUT, line, 0, line.length);
            frames.write(StreamFrames.STDERR, "err".getBytes(), 0, 3);
        });
        socket = tmp.resolve("api.sock");
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        ch.bind(UnixDomainSocketAddress.of(socket));
        server = new ApiServer(r, Map.of("Api-Version", "1.41"));
        server.serve(ch);
        client = new UnixHttpClient(UnixDomainSocketAddress.of(socket));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void routesStripTheVersionPrefixAndDecodeParameters() throws Exception {
        Greeting g = client.send("GET", "/v1.41/hello/w%C3%B6rld", null).json(Greeting.class);
        assertEquals(new Greeting("wörld", "1.41"), g);
        Greeting plain = client.send("GET", "/hello/x", null).json(Greeting.class);
        assertNull(plain.version());
        String image = client.send("GET", "/v1.41/images/127.0.0.1:5000/team/app:1/json", null).text();
        assertEquals("{\"name\":\"127.0.0.1:5000/team/app:1\"}", image);
    }

    @Test
    void everyResponseCarriesTheCommonHeaders() throws Exception {
        try (ApiResponse r = client.send("GET", "/hello/x", null)) {
            assertEquals("1.41", r.header("Api-Version"));
            assertTrue(r.header("Date").endsWith("GMT"));
        }
    }

    @Test
    void queryFlagsAndDefaults() throws Exception {
        assertEquals("{\"all\":true,\"f\":\"a b\"}", client.send("GET", "/query?all=1&f=a+b", null).text());
        assertEquals("{\"all\":false,\"f\":\"-\"}", client.send("GET", "/query?all=0", null).text());
    }

    @Test
    void errorsAreDockersJsonWithTheRightStatus() throws Exception {
        ApiResponse conflict = client.send("POST", "/conflict", null);
        assertEquals(409, conflict.status());
        assertEquals("{\"message\":\"name in use\"}", conflict.text());
        ApiResponse missing = client.send("GET", "/nothing/here", null);
        assertEquals(404, missing.status());
        missing.close();
        ApiResponse wrongMethod = client.send("DELETE", "/echo", null);
        assertEquals(405, wrongMethod.status());
        wrongMethod.close();
        ApiResponse tooNew = client.send("GET", "/v1.99/hello/x", null);
        assertEquals(400, tooNew.status());
        assertEquals("{\"message\":\"client version 1.99 is too new. Maximum supported API version is 1.41\"}", tooNew.text());
    }

    @Test
    void streamedBodiesArriveChunkByChunk() throws Exception {
        try (ApiResponse r = client.send("GET", "/stream", null)) {
            assertEquals("chunked", r.header("Transfer-Encoding"));
            assertEquals("{\"n\":0}\n{\"n\":1}\n{\"n\":2}\n", new String(r.body().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void keepAliveServesSeveralRequestsIncludingAChunkedBodyOnOneConnection() throws Exception {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            OutputStream out = Channels.newOutputStream(ch);
            InputStream in = new BufferedInputStream(Channels.newInputStream(ch));
            out.write(("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"
                    + "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi").getBytes(StandardCharsets.US_ASCII));
            assertEquals("abcde", readFixedBody(in));
            assertEquals("hi", readFixedBody(in));
        }
    }

    @Test
    void hijackUpgradesAndCarriesFramesBothWays() throws Exception {
        try (UnixHttpClient.Hijacked h = client.hijack("POST", "/v1.41/hijack", null)) {
            assertEquals(101, h.head().status());
            assertEquals("tcp", h.head().header("Upgrade"));
            h.out().write("hello".getBytes(StandardCharsets.US_ASCII));
            h.out().flush();
            StreamFrames.Frame out = StreamFrames.read(h.in());
            assertEquals(StreamFrames.STDOUT, out.stream());
            assertEquals("hello", new String(out.data(), StandardCharsets.US_ASCII));
            StreamFrames.Frame err = StreamFrames.read(h.in());
            assertEquals(StreamFrames.STDERR, err.stream());
            assertEquals("err", new String(err.data(), StandardCharsets.US_ASCII));
            assertNull(StreamFrames.read(h.in()), "the server closes the hijacked connection when done");
        }
    }

    private static String readFixedBody(InputStream in) throws Exception {
        String status = HttpLines.readLine(in);
        assertTrue(status.startsWith("HTTP/1.1 200"), status);
        int length = -1;
        for (String line = HttpLines.readLine(in); !line.isEmpty(); line = HttpLines.readLine(in)) {
            if (line.toLowerCase().startsWith("content-length:")) length = Integer.parseInt(line.substring(15).trim());
        }
        return new String(in.readNBytes(length), StandardCharsets.US_ASCII);
    }
}
