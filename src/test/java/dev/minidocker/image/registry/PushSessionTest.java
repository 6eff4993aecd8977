package dev.minidocker.image.registry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.minidocker.image.Digest;
import dev.minidocker.image.ImageReference;
import dev.minidocker.image.MediaTypes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The push protocol against WireMock: what goes over the wire, and one clear line for each refusal. */
class PushSessionTest {
    private static final String ERR = "{\"errors\":[{\"code\":\"%s\",\"message\":\"%s\"}]}";
    WireMockServer server;
    RegistryHttp http;

    @TempDir
    Path dir;

    @BeforeEach
    void start() {
        server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        http = new RegistryHttp(FakeRegistry.config(null));
    }

    @AfterEach
    void stop() {
        http.close();
        server.stop();
    }

    private PushSession session(long chunk) {
        return new PushSession(http, ImageReference.parse("127.0.0.1:" + server.port() + "/team/app:1"), Set.of("base/img"), chunk);
    }

    private static BlobContent content(byte[] data) {
        return new BlobContent() {
            @Override public long size() { return data.length; }
            @Override public java.io.InputStream open(long offset, long length) {
                return new ByteArrayInputStream(data, (int) offset, (int) length);
            }
        };
    }

    private static byte[] random(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }

    private static String error(String code, String message) {
        return String.format(ERR, code, message);
    }

    @Test
    void headSaysWhetherTheBlobIsThere() {
        Digest there = Digest.sha256(new byte[] {1}), missing = Digest.sha256(new byte[] {2});
        server.stubFor(head(urlPathEqualTo("/v2/team/app/blobs/" + there)).willReturn(aResponse().withStatus(200)));
        server.stubFor(head(urlPathEqualTo("/v2/team/app/blobs/" + missing)).willReturn(aResponse().withStatus(404)));
        assertTrue(session(1 << 20).blobExists(there));
        assertFalse(session(1 << 20).blobExists(missing));
    }

    @Test
    void mountIsAskedWithMountAndFromAndAnUnmountedBlobKeepsItsSession() {
        Digest d = Digest.sha256(new byte[] {3}), other = Digest.sha256(new byte[] {4});
        server.stubFor(post(urlPathEqualTo("/v2/team/app/blobs/uploads/")).withQueryParam("mount", equalTo(d.toString()))
                .withQueryParam("from", equalTo("base/img")).willReturn(aResponse().withStatus(201)));
        server.stubFor(post(urlPathEqualTo("/v2/team/app/blobs/uploads/")).withQueryParam("mount", equalTo(other.toString()))
                .willReturn(aResponse().withStatus(202).withHeader("Location", "/v2/team/app/blobs/uploads/u-1?_state=s")));
        assertTrue(session(1 << 20).mount(d, "base/img").mounted());
        PushSession.MountResult refused = session(1 << 20).mount(other, "base/img");
        assertFalse(refused.mounted());
        assertEquals("/v2/team/app/blobs/uploads/u-1?_state=s", refused.pendingUpload());
    }

    @Test
    void aSmallBlobGoesInOnePut() {
        byte[] data = random(1000);
        Digest d = Digest.sha256(data);
        server.stubFor(post(urlPathEqualTo("/v2/team/app/blobs/uploads/")).willReturn(aResponse().withStatus(202)
                .withHeader("Location", "http://127.0.0.1:" + server.port() + "/v2/team/app/blobs/uploads/abc?_state=x")));
        server.stubFor(put(urlPathEqualTo("/v2/team/app/blobs/uploads/abc")).withQueryParam("_state", equalTo("x"))
                .withQueryParam("digest", equalTo(d.toString())).willReturn(aResponse().withStatus(201)
                        .withHeader("Docker-Content-Digest", d.toString())));
        session(1 << 20).upload(d, content(data), null, n -> { });
        LoggedRequest putReq = server.findAll(com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor(
                urlPathEqualTo("/v2/team/app/blobs/uploads/abc"))).getFirst();
        assertArrayEquals(data, putReq.getBody());
        assertEquals("application/octet-stream", putReq.getHeader("Content-Type"));
    }

    @Test
    void aLargeBlobGoesInChunksWithContentRangeThenAnEmptyPut() throws Exception {
        int size = 9 * 1024 * 1024 + 5;   // over the 8 MiB monolithic limit
        byte[] data = random(size);
        Digest d = Digest.sha256(data);
        Path file = Files.write(dir.resolve("blob"), data);
        server.stubFor(post(urlPathEqualTo("/v2/team/app/blobs/uploads/")).willReturn(aResponse().withStatus(202)
                .withHeader("Location", "/v2/team/app/blobs/uploads/s0")));
        for (int i = 0; i < 3; i++) {
            server.stubFor(patch(urlPathEqualTo("/v2/team/app/blobs/uploads/s" + i)).willReturn(aResponse().withStatus(202)
                    .withHeader("Location", "/v2/team/app/blobs/uploads/s" + (i + 1))));
        }
        server.stubFor(put(urlPathEqualTo("/v2/team/app/blobs/uploads/s3")).withQueryParam("digest", equalTo(d.toString()))
                .willReturn(aResponse().withStatus(201)));
        long[] last = {0};
        session(4L << 20).upload(d, BlobContent.ofFile(file), null, n -> last[0] = n);
        assertEquals(size, last[0]);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        List<String> ranges = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            LoggedRequest r = server.findAll(com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor(
                    urlPathEqualTo("/v2/team/app/blobs/uploads/s" + i))).getFirst();
            ranges.add(r.getHeader("Content-Range"));
            assertEquals(String.valueOf(r.getBody().length), r.getHeader("Content-Length"));
            received.write(r.getBody());
        }
        assertEquals(List.of("0-4194303", "4194304-8388607", "8388608-" + (size - 1)), ranges);
        assertArrayEquals(data, received.toByteArray());
        LoggedRequest finalPut = server.findAll(com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor(
                urlPathEqualTo("/v2/team/app/blobs/uploads/s3"))).getFirst();
        assertEquals(0, finalPut.getBody().length);
    }

    /** Content that appears in steps, like a file being compressed, released by the test. */
    static final class Growing implements GrowingBlobContent {
        final byte[] data;
        long available;
        boolean complete;

        Growing(byte[] data) {
            this.data = data;
        }

        synchronized void grow(long to, boolean done) {
            available = to;
            complete = done;
            notifyAll();
        }

        @Override
        public synchronized long await(long bytes) throws java.io.IOException {
            try {
                while (!complete && available < bytes) wait();
            } catch (InterruptedException e) {
                throw new java.io.InterruptedIOException();
            }
            return available;
        }

        @Override public synchronized boolean isComplete() { return complete; }
        @Override public Digest digest() { return Digest.sha256(data); }
        @Override public java.io.InputStream open(long offset, long length) {
            return new ByteArrayInputStream(data, (int) offset, (int) length);
        }
        final List<Long> sent = new java.util.ArrayList<>();
        @Override public synchronized void sent(long offset) { sent.add(offset); }
    }

    @Test
    void aGrowingBlobIsSentInFullChunksAsItGrowsThenTheRest() throws Exception {
        int size = 10 * 1024 * 1024 + 3;
        byte[] data = random(size);
        server.stubFor(post(urlPathEqualTo("/v2/team/app/blobs/uploads/")).willReturn(aResponse().withStatus(202)
                .withHeader("Location", "/v2/team/app/blobs/uploads/g0")));
        for (int i = 0; i < 3; i++) {
            server.stubFor(patch(urlPathEqualTo("/v2/team/app/blobs/uploads/g" + i)).willReturn(aResponse().withStatus(202)
                    .withHeader("Location", "/v2/team/app/blobs/uploads/g" + (i + 1))));
        }
        server.stubFor(put(urlPathEqualTo("/v2/team/app/blobs/uploads/g3")).withQueryParam("digest", equalTo(Digest.sha256(data).toString()))
                .willReturn(aResponse().withStatus(201)));
        Growing growing = new Growing(data);
        Thread writer = Thread.ofPlatform().start(() -> {
            for (long at = 0; at < size; at += 1 << 20) {
                growing.grow(Math.min(at, size), false);
                Thread.onSpinWait();
            }
            growing.grow(size, true);
        });
        Digest stored = session(4L << 20).uploadGrowing(growing, null, n -> { });
        writer.join();
        assertEquals(Digest.sha256(data), stored);
        List<String> ranges = new java.util.ArrayList<>();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        for (int i = 0; i < 3; i++) {
            LoggedRequest r = server.findAll(com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor(
                    urlPathEqualTo("/v2/team/app/blobs/uploads/g" + i))).getFirst();
            ranges.add(r.getHeader("Content-Range"));
            received.write(r.getBody());
        }
        assertEquals(List.of("0-4194303", "4194304-8388607", "8388608-" + (size - 1)), ranges);
        assertArrayEquals(data, received.toByteArray());
        assertEquals(List.of(4194304L, 8388608L, (long) size), growing.sent, "each chunk is freed once the registry has it");
    }

    @Test
    void aGrowingBlobThatEndsSmallGoesInOnePut() throws Exception {
        byte[] data = random(5000);
        server.stubFor(post(urlPathEqualTo("/v2/team/app/blobs/uploads/")).willReturn(aResponse().withStatus(202)
                .withHeader("Location", "/v2/team/app/blobs/uploads/m")));
        server.stubFor(put(urlPathEqualTo("/v2/team/app/blobs/uploads/m")).withQueryParam("digest", equalTo(Digest.sha256(data).toString()))
                .willReturn(aResponse().withStatus(201)));
        Growing growing = new Growing(data);
        growing.grow(data.length, true);
        session(4L << 20).uploadGrowing(growing, null, n -> { });
        LoggedRequest r = server.findAll(com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor(
                urlPathEqualTo("/v2/team/app/blobs/uploads/m"))).getFirst();
        assertArrayEquals(data, r.getBody());
        server.verify(0, com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor(urlMatching(".*")));
    }

    @Test
    void manifestIsPutWithItsMediaTypeAndItsDigestIsReturned() {
        byte[] manifest = "{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8);
        server.stubFor(put(urlPathEqualTo("/v2/team/app/manifests/1")).withHeader("Content-Type", equalTo(MediaTypes.DOCKER_MANIFEST))
                .willReturn(aResponse().withStatus(201).withHeader("Docker-Content-Digest", Digest.sha256(manifest).toString())));
        assertEquals(Digest.sha256(manifest), session(1 << 20).putManifest("1", MediaTypes.DOCKER_MANIFEST, manifest));
    }

    @Test
    void aTokenIsAskedForPushAndPullOnTheTargetAndPullOnMountSources() {
        Digest d = Digest.sha256(new byte[] {5});
        server.stubFor(any(urlMatching("/v2/.*")).withHeader("Authorization", absent()).atPriority(1)
                .willReturn(aResponse().withStatus(401).withHeader("WWW-Authenticate",
                        "Bearer realm=\"http://127.0.0.1:" + server.port() + "/token\",service=\"reg\"")));
        server.stubFor(get(urlPathEqualTo("/token")).willReturn(aResponse().withStatus(200).withBody("{\"token\":\"t-push\"}")));
        server.stubFor(head(urlPathEqualTo("/v2/team/app/blobs/" + d)).withHeader("Authorization", equalTo("Bearer t-push"))
                .atPriority(2).willReturn(aResponse().withStatus(200)));
        assertTrue(session(1 << 20).blobExists(d));
        LoggedRequest token = server.findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlPathEqualTo("/token"))).getFirst();
        assertEquals(List.of("repository:team/app:push,pull", "repository:base/img:pull"), token.queryParameter("scope").values());
    }

    @Test
    void refusalsAreOneClearLine() {
        Digest d = Digest.sha256(new byte[] {6});
        server.stubFor(head(urlPathEqualTo("/v2/team/app/blobs/" + d)).willReturn(aResponse().withStatus(403)));
        RegistryException forbidden = assertThrows(RegistryException.class, () -> session(1 << 20).blobExists(d));
        assertInstanceOf(AccessDeniedException.class, forbidden);
        assertEquals("push to 127.0.0.1:" + server.port() + "/team/app denied: 403 Forbidden (see mini-docker login)",
                forbidden.getMessage());
        server.stubFor(post(urlPathEqualTo("/v2/team/app/blobs/uploads/")).atPriority(1).willReturn(aResponse().withStatus(403)
                .withBody(error("DENIED", "requested access to the resource is denied"))));
        RegistryException denied = assertThrows(RegistryException.class, () -> session(1 << 20).upload(d, content(new byte[] {6}), null, n -> { }));
        assertInstanceOf(AccessDeniedException.class, denied);
        assertEquals("push to 127.0.0.1:" + server.port() + "/team/app denied: denied: requested access to the resource "
                + "is denied (see mini-docker login)", denied.getMessage());
        server.resetMappings();

        server.stubFor(post(urlPathEqualTo("/v2/team/app/blobs/uploads/")).willReturn(aResponse().withStatus(202)
                .withHeader("Location", "/v2/team/app/blobs/uploads/x")));
        server.stubFor(put(urlPathEqualTo("/v2/team/app/blobs/uploads/x")).willReturn(aResponse().withStatus(507)));
        RegistryException full = assertThrows(RegistryException.class, () -> session(1 << 20).upload(d, content(new byte[] {6}), null, n -> { }));
        assertTrue(full.getMessage().startsWith("registry 127.0.0.1:" + server.port() + " is out of storage (507 Insufficient Storage)"),
                full.getMessage());
        server.verify(1, com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor(urlPathEqualTo("/v2/team/app/blobs/uploads/x")));

        server.stubFor(put(urlPathEqualTo("/v2/team/app/blobs/uploads/x")).willReturn(aResponse().withStatus(500)
                .withBody(error("UNKNOWN", "disk on fire"))));
        RegistryException broken = assertThrows(RegistryException.class, () -> session(1 << 20).upload(d, content(new byte[] {6}), null, n -> { }));
        assertEquals("registry 127.0.0.1:" + server.port() + " answered 500 Internal Server Error for PUT "
                + "/v2/team/app/blobs/uploads/...?digest=: unknown: disk on fire", broken.getMessage());

        server.stubFor(put(urlPathEqualTo("/v2/team/app/manifests/1")).willReturn(aResponse().withStatus(400)
                .withBody(error("MANIFEST_BLOB_UNKNOWN", "blob unknown to registry"))));
        RegistryException refused = assertThrows(RegistryException.class,
                () -> session(1 << 20).putManifest("1", MediaTypes.DOCKER_MANIFEST, new byte[] {'{', '}'}));
        assertEquals("registry 127.0.0.1:" + server.port() + " refused the manifest for 127.0.0.1:" + server.port()
                + "/team/app:1: manifest blob unknown: blob unknown to registry", refused.getMessage());

        server.stubFor(post(urlPathEqualTo("/v2/team/app/blobs/uploads/")).willReturn(aResponse().withStatus(404)
                .withBody(error("NAME_UNKNOWN", "repository name not known to registry"))));
        RegistryException unknown = assertThrows(RegistryException.class, () -> session(1 << 20).upload(d, content(new byte[] {6}), null, n -> { }));
        assertEquals("registry 127.0.0.1:" + server.port() + " answered 404 Not Found for POST /v2/team/app/blobs/uploads/: "
                + "name unknown: repository name not known to registry", unknown.getMessage());
    }
}
