package dev.minidocker.image.registry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.minidocker.image.Descriptor;
import dev.minidocker.image.Digest;
import dev.minidocker.image.ImageNotFoundException;
import dev.minidocker.image.ImageReference;
import dev.minidocker.image.MediaTypes;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BlobTransferTest {
    private static final Digest LAYER = Digest.sha256(FakeRegistry.LAYER);
    private static final String LAYER_PATH = "/v2/test/app/blobs/" + LAYER;
    private FakeRegistry reg;

    @BeforeEach
    void start() {
        reg = new FakeRegistry();
    }

    @AfterEach
    void stop() {
        reg.close();
    }

    @Test
    void redirectToAnotherHostDropsTheAuthorizationHeader() throws Exception {
        try (FakeRegistry storage = new FakeRegistry()) {
            reg.bearer("tok", null);
            reg.server.stubFor(get(urlPathEqualTo(LAYER_PATH)).withHeader("Authorization", equalTo("Bearer tok"))
                    .willReturn(aResponse().withStatus(307).withHeader("Location", storage.base() + "/bucket/layer?sig=abc")));
            storage.server.stubFor(get(urlPathEqualTo("/bucket/layer"))
                    .willReturn(aResponse().withStatus(200).withBody(FakeRegistry.LAYER)));
            try (RegistryClient client = new RegistryClient(FakeRegistry.config(null));
                 InputStream in = client.openBlob(reg.ref("latest"), FakeRegistry.layerDescriptor())) {
                assertArrayEquals(FakeRegistry.LAYER, in.readAllBytes());
            }
            storage.server.verify(exactly(1), getRequestedFor(urlPathEqualTo("/bucket/layer"))
                    .withQueryParam("sig", equalTo("abc")).withoutHeader("Authorization"));
            reg.server.verify(exactly(1), getRequestedFor(urlPathEqualTo(LAYER_PATH)).withHeader("Authorization", equalTo("Bearer tok")));
        }
    }

    @Test
    void redirectLoopsEnd() {
        reg.server.stubFor(get(urlPathEqualTo(LAYER_PATH)).willReturn(aResponse().withStatus(302).withHeader("Location", LAYER_PATH)));
        try (RegistryClient client = new RegistryClient(FakeRegistry.config(null))) {
            RegistryException e = assertThrows(RegistryException.class,
                    () -> client.openBlob(reg.ref("latest"), FakeRegistry.layerDescriptor()));
            assertTrue(e.getMessage().contains("redirected more than 5 times"), e.getMessage());
        }
        reg.server.verify(exactly(6), getRequestedFor(urlPathEqualTo(LAYER_PATH)));
    }

    @Test
    void serviceUnavailableIsRetriedUntilItWorks() throws Exception {
        reg.server.stubFor(get(urlPathEqualTo(LAYER_PATH)).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("second"));
        reg.server.stubFor(get(urlPathEqualTo(LAYER_PATH)).inScenario("flaky").whenScenarioStateIs("second")
                .willReturn(aResponse().withStatus(503)).willSetStateTo("ok"));
        reg.server.stubFor(get(urlPathEqualTo(LAYER_PATH)).inScenario("flaky").whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(200).withBody(FakeRegistry.LAYER)));
        try (RegistryClient client = new RegistryClient(FakeRegistry.config(null));
             InputStream in = client.openBlob(reg.ref("latest"), FakeRegistry.layerDescriptor())) {
            assertArrayEquals(FakeRegistry.LAYER, in.readAllBytes());
        }
        reg.server.verify(exactly(3), getRequestedFor(urlPathEqualTo(LAYER_PATH)));
    }

    @Test
    void tooManyRequestsWaitsForRetryAfter() throws Exception {
        reg.server.stubFor(get(urlPathEqualTo(LAYER_PATH)).inScenario("limited").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")).willSetStateTo("ok"));
        reg.server.stubFor(get(urlPathEqualTo(LAYER_PATH)).inScenario("limited").whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(200).withBody(FakeRegistry.LAYER)));
        long start = System.nanoTime();
        try (RegistryClient client = new RegistryClient(FakeRegistry.config(null));
             InputStream in = client.openBlob(reg.ref("latest"), FakeRegistry.layerDescriptor())) {
            assertArrayEquals(FakeRegistry.LAYER, in.readAllBytes());
        }
        // the configured backoff is 5ms: only Retry-After explains a wait of a second
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 950);
        reg.server.verify(exactly(2), getRequestedFor(urlPathEqualTo(LAYER_PATH)));
    }

    @Test
    void persistentServerErrorGivesUpAfterTheConfiguredAttempts() {
        reg.server.stubFor(get(urlPathEqualTo("/v2/test/app/manifests/latest")).willReturn(aResponse().withStatus(500)));
        try (RegistryClient client = new RegistryClient(FakeRegistry.config(null))) {
            RegistryException e = assertThrows(RegistryException.class, () -> client.fetchManifest(reg.ref("latest")));
            assertEquals("registry " + reg.registry() + " answered 500 Internal Server Error for GET "
                    + "/v2/test/app/manifests/latest after 4 attempts", e.getMessage());
        }
        reg.server.verify(exactly(4), getRequestedFor(urlPathEqualTo("/v2/test/app/manifests/latest")));
    }

    @Test
    void missingBlobIsImageNotFound() {
        reg.server.stubFor(get(urlPathEqualTo(LAYER_PATH)).willReturn(aResponse().withStatus(404)
                .withBody("{\"errors\":[{\"code\":\"BLOB_UNKNOWN\",\"message\":\"blob unknown to registry\"}]}")));
        try (RegistryClient client = new RegistryClient(FakeRegistry.config(null))) {
            ImageNotFoundException e = assertThrows(ImageNotFoundException.class,
                    () -> client.openBlob(reg.ref("latest"), FakeRegistry.layerDescriptor()));
            assertEquals("blob " + LAYER + " from " + reg.registry() + "/test/app not found: blob unknown to registry", e.getMessage());
        }
    }

    @Test
    void fetchedBlobMustMatchItsDigest() {
        byte[] tampered = FakeRegistry.CONFIG.clone();
        tampered[0] = '[';
        reg.blob(Digest.sha256(FakeRegistry.CONFIG), tampered, null);
        try (RegistryClient client = new RegistryClient(FakeRegistry.config(null))) {
            DigestMismatchException e = assertThrows(DigestMismatchException.class,
                    () -> client.fetchBlob(reg.ref("latest"), FakeRegistry.configDescriptor()));
            assertEquals("blob " + Digest.sha256(FakeRegistry.CONFIG) + " from " + reg.registry() + "/test/app has digest "
                    + Digest.sha256(tampered) + ": the registry sent corrupt or wrong content", e.getMessage());
        }
    }

    @Test
    void registryThatStopsSendingMidBodyTimesOut() throws Exception {
        byte[] big = new byte[64 * 1024];
        Descriptor d = new Descriptor(MediaTypes.OCI_LAYER_GZIP, Digest.sha256(big), big.length);
        RegistryConfig config = FakeRegistry.config(null).withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(300));
        try (StallingServer stalling = new StallingServer(big.length, 1000);
             RegistryClient client = new RegistryClient(config)) {
            ImageReference ref = ImageReference.parse(stalling.registry() + "/test/app:latest");
            SocketTimeoutException e = assertTimeoutPreemptively(Duration.ofSeconds(15), () -> {
                try (InputStream in = client.openBlob(ref, d)) {
                    assertEquals(1000, in.readNBytes(1000).length);
                    return assertThrows(SocketTimeoutException.class, in::read);
                }
            });
            assertEquals("timed out after 300ms reading blob " + d.digest() + " from " + stalling.registry() + "/test/app",
                    e.getMessage());
        }
    }

    @Test
    void registryThatNeverAnswersTimesOut() {
        reg.server.stubFor(get(urlPathEqualTo(LAYER_PATH)).willReturn(aResponse().withStatus(200).withFixedDelay(10_000)));
        RegistryConfig config = FakeRegistry.config(null).withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(300))
                .withRetries(1, Duration.ofMillis(5));
        try (RegistryClient client = new RegistryClient(config)) {
            RegistryException e = assertTimeoutPreemptively(Duration.ofSeconds(15), () -> assertThrows(RegistryException.class,
                    () -> client.openBlob(reg.ref("latest"), FakeRegistry.layerDescriptor())));
            assertEquals("cannot reach registry " + reg.registry() + " for GET " + LAYER_PATH
                    + " after 2 attempts: no answer within 300ms", e.getMessage());
        }
    }
}
