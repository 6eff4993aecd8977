package dev.minidocker.image.store;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.minidocker.image.DockerReferences;
import dev.minidocker.image.Digest;
import dev.minidocker.image.ImageNotFoundException;
import dev.minidocker.image.ImageReference;
import dev.minidocker.image.registry.AccessDeniedException;
import dev.minidocker.image.registry.CredentialStore;
import dev.minidocker.image.registry.RegistryConfig;
import dev.minidocker.image.registry.RegistryException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A push that a registry refuses ends with one clear line, and the store is as it was: the image
 * unchanged, no compressed blob kept or remembered (a layer streams to the registry as it is
 * compressed), no thread left behind.
 */
class PushFailureTest {
    WireMockServer server;
    ImageStore store;
    String ref;
    ImageDb.Snapshot dbBefore;

    @TempDir
    Path dir;

    @BeforeEach
    void setUp() throws IOException {
        server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        store = new ImageStore(dir.resolve("store"));
        Path tree = Files.createDirectories(dir.resolve("tree/app"));
        Files.writeString(tree.resolve("main.sh"), "echo hi\n");
        ref = "127.0.0.1:" + server.port() + "/team/app:1";
        new ImageCommitter(store).commit(dir.resolve("tree"), new NewImage(null, "", null, null, null,
                Instant.parse("2025-01-01T00:00:00Z"), DockerReferences.parseTagTarget(ref)));
        dbBefore = store.db().read();
        server.stubFor(get(urlPathEqualTo("/v2/")).willReturn(aResponse().withStatus(200)));
        server.stubFor(head(urlPathMatching("/v2/team/app/blobs/.*")).willReturn(aResponse().withStatus(404)));
        server.stubFor(post(urlPathEqualTo("/v2/team/app/blobs/uploads/")).willReturn(aResponse().withStatus(202)
                .withHeader("Location", "/v2/team/app/blobs/uploads/session")));
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private PushResult push() {
        RegistryConfig config = new RegistryConfig(Set.of(), Duration.ofSeconds(5), Duration.ofSeconds(5), 1,
                Duration.ofMillis(5), CredentialStore.none());
        return RegistryPush.push(store, ImageReference.parse(ref), false, config, 5, PushProgress.QUIET).getFirst();
    }

    @Test
    void aFullRegistryIsOneLineAndTheStoreIsUnchanged() {
        server.stubFor(put(urlPathEqualTo("/v2/team/app/blobs/uploads/session")).willReturn(aResponse().withStatus(507)));
        List<Digest> blobsBefore = store.blobs().list();
        RegistryException e = assertThrows(RegistryException.class, this::push);
        assertTrue(e.getMessage().startsWith("registry 127.0.0.1:" + server.port() + " is out of storage (507 Insufficient Storage)"),
                e.getMessage());
        assertEquals(dbBefore, store.db().read());
        Digest layer = dbBefore.images().values().iterator().next().diffIds().getFirst();
        assertEquals(List.of(), store.layerBlobs().of(layer), "a blob the registry did not store is not remembered");
        assertEquals(blobsBefore, store.blobs().list(), "the compressed layer streamed to the registry, none kept");
    }

    @Test
    void aLargeLayerWhoseUploadIsRefusedStopsItsCompressionAndLeavesNothing() throws Exception {
        Path tree = Files.createDirectories(dir.resolve("big/data"));
        byte[] random = new byte[40 << 20];
        new Random(7).nextBytes(random);
        Files.write(tree.resolve("blob.bin"), random);
        ref = "127.0.0.1:" + server.port() + "/team/app:big";
        new ImageCommitter(store).commit(dir.resolve("big"), new NewImage(null, "", null, null, null,
                Instant.parse("2025-01-01T00:00:00Z"), DockerReferences.parseTagTarget(ref)));
        Digest layer = store.find(ref).orElseThrow().config().rootfs().diffIds().getFirst();
        server.stubFor(patch(urlPathEqualTo("/v2/team/app/blobs/uploads/session")).willReturn(aResponse().withStatus(500)));
        List<Digest> blobsBefore = store.blobs().list();

        RegistryException e = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThrows(RegistryException.class, this::push),
                "the compression, waiting for room in its window, is stopped too");
        assertTrue(e.getMessage().contains("500") && !e.getMessage().contains("\n"), e.getMessage());
        assertEquals(List.of(), store.layerBlobs().of(layer));
        assertEquals(blobsBefore, store.blobs().list());
        for (int i = 0; i < 100 && Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("layer-compress")); i++) {
            Thread.sleep(50);
        }
        assertFalse(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("layer-compress")),
                "no compression thread is left");
    }

    @Test
    void aRefusedManifestNamesTheRegistrysReason() {
        server.stubFor(put(urlPathEqualTo("/v2/team/app/blobs/uploads/session")).willReturn(aResponse().withStatus(201)));
        server.stubFor(put(urlPathEqualTo("/v2/team/app/manifests/1")).willReturn(aResponse().withStatus(400)
                .withBody("{\"errors\":[{\"code\":\"MANIFEST_INVALID\",\"message\":\"manifest invalid\",\"detail\":\"layers missing\"}]}")));
        RegistryException e = assertThrows(RegistryException.class, this::push);
        assertEquals("registry 127.0.0.1:" + server.port() + " refused the manifest for 127.0.0.1:" + server.port()
                + "/team/app:1: manifest invalid: manifest invalid (layers missing)", e.getMessage());
        assertEquals(dbBefore, store.db().read(), "no repo digest for a push that failed");
    }

    @Test
    void unauthorizedIsAccessDenied() {
        server.stubFor(any(urlMatching("/v2/team/.*")).atPriority(1).willReturn(aResponse().withStatus(401)
                .withHeader("WWW-Authenticate", "Basic realm=\"registry\"")
                .withBody("{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}")));
        AccessDeniedException e = assertThrows(AccessDeniedException.class, this::push);
        assertEquals("push to 127.0.0.1:" + server.port() + "/team/app denied: unauthorized: authentication required"
                + " (see mini-docker login)", e.getMessage());
    }

    @Test
    void aTagThatIsNotInTheStoreSaysSoLikeDocker() {
        ref = "127.0.0.1:" + server.port() + "/team/other:2";
        assertEquals("An image does not exist locally with the tag: 127.0.0.1:" + server.port() + "/team/other",
                assertThrows(ImageNotFoundException.class, this::push).getMessage());
    }
}
