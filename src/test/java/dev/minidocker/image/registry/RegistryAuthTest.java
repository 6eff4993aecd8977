package dev.minidocker.image.registry;

import dev.minidocker.model.RegistryCredentials;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.minidocker.image.Descriptor;
import dev.minidocker.image.Digest;
import dev.minidocker.image.MediaTypes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryAuthTest {
    private FakeRegistry reg;

    @TempDir
    Path dockerConfig;

    @BeforeEach
    void start() {
        reg = new FakeRegistry();
    }

    @AfterEach
    void stop() {
        reg.close();
    }

    @Test
    void anonymousBearerTokenIsFetchedOnceAndReusedForLaterRequests() {
        reg.bearer("tok-1", null);
        reg.manifest("latest", FakeRegistry.MANIFEST, MediaTypes.OCI_MANIFEST, "Bearer tok-1");
        reg.blob(Digest.sha256(FakeRegistry.CONFIG), FakeRegistry.CONFIG, "Bearer tok-1");
        try (RegistryClient client = new RegistryClient(FakeRegistry.config(null))) {
            FetchedManifest m = client.fetchManifest(reg.ref("latest"));
            assertEquals(Digest.sha256(FakeRegistry.MANIFEST), m.digest());
            assertEquals(MediaTypes.OCI_MANIFEST, m.mediaType());
            client.fetchManifest(reg.ref("latest"));
            assertArrayEquals(FakeRegistry.CONFIG, client.fetchBlob(reg.ref("latest"), FakeRegistry.configDescriptor()));
        }
        reg.server.verify(exactly(1), getRequestedFor(urlPathEqualTo("/token"))
                .withQueryParam("service", equalTo("fake-registry"))
                .withQueryParam("scope", equalTo("repository:test/app:pull")));
        // one unauthenticated attempt, then two with the token
        reg.server.verify(exactly(3), getRequestedFor(urlPathEqualTo("/v2/test/app/manifests/latest")));
    }

    @Test
    void parallelDownloadsShareOneTokenFetch() throws Exception {
        reg.bearer("shared", null);
        List<Descriptor> blobs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            byte[] data = FakeRegistry.bytes("layer number " + i);
            Descriptor d = new Descriptor(MediaTypes.OCI_LAYER_GZIP, Digest.sha256(data), data.length);
            reg.blob(d.digest(), data, "Bearer shared");
            blobs.add(d);
        }
        try (RegistryClient client = new RegistryClient(FakeRegistry.config(null));
             ExecutorService pool = Executors.newFixedThreadPool(blobs.size())) {
            List<Future<byte[]>> results = new ArrayList<>();
            for (Descriptor d : blobs) results.add(pool.submit(() -> client.fetchBlob(reg.ref("latest"), d)));
            for (int i = 0; i < blobs.size(); i++) {
                assertArrayEquals(FakeRegistry.bytes("layer number " + i), results.get(i).get());
            }
        }
        reg.server.verify(exactly(1), getRequestedFor(urlPathEqualTo("/token")));
    }

    @Test
    void storedCredentialsAreSentToTheTokenService() throws Exception {
        RegistryCredentials alice = new RegistryCredentials("alice", "s3cret");
        Files.writeString(dockerConfig.resolve("config.json"),
                "{\"auths\":{\"http://" + reg.registry() + "\":{\"auth\":\"" + alice.encode() + "\"}}}");
        reg.bearer("alice-token", alice.basicAuthorization());
        reg.manifest("latest", FakeRegistry.MANIFEST, MediaTypes.OCI_MANIFEST, "Bearer alice-token");
        try (RegistryClient client = new RegistryClient(FakeRegistry.config(dockerConfig))) {
            assertEquals(Digest.sha256(FakeRegistry.MANIFEST), client.fetchManifest(reg.ref("latest")).digest());
        }
        reg.server.verify(exactly(1), getRequestedFor(urlPathEqualTo("/token"))
                .withHeader("Authorization", equalTo(alice.basicAuthorization())));
    }

    @Test
    void wrongStoredCredentialsAreReportedAsAuthenticationFailure() throws Exception {
        Files.writeString(dockerConfig.resolve("config.json"),
                "{\"auths\":{\"" + reg.registry() + "\":{\"username\":\"alice\",\"password\":\"wrong\"}}}");
        reg.bearer("alice-token", new RegistryCredentials("alice", "s3cret").basicAuthorization());
        try (RegistryClient client = new RegistryClient(FakeRegistry.config(dockerConfig))) {
            AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> client.fetchManifest(reg.ref("latest")));
            assertEquals("authentication to registry " + reg.registry() + " failed for user alice: 401 Unauthorized",
                    e.getMessage());
        }
    }

    @Test
    void basicAuthRegistryGetsTheStoredCredentials() throws Exception {
        RegistryCredentials bob = new RegistryCredentials("bob", "pw:with:colons");
        Files.writeString(dockerConfig.resolve("config.json"),
                "{\"auths\":{\"" + reg.registry() + "\":{\"auth\":\"" + bob.encode() + "\"}}}");
        reg.challenge("Basic realm=\"Registry Realm\"");
        reg.manifest("latest", FakeRegistry.MANIFEST, MediaTypes.OCI_MANIFEST, bob.basicAuthorization());
        reg.blob(Digest.sha256(FakeRegistry.CONFIG), FakeRegistry.CONFIG, bob.basicAuthorization());
        try (RegistryClient client = new RegistryClient(FakeRegistry.config(dockerConfig))) {
            client.fetchManifest(reg.ref("latest"));
            client.fetchBlob(reg.ref("latest"), FakeRegistry.configDescriptor());
        }
        // after the first challenge the credentials go along pre-emptively
        reg.server.verify(exactly(2), getRequestedFor(urlPathEqualTo("/v2/test/app/manifests/latest")));
        reg.server.verify(exactly(1), getRequestedFor(urlPathEqualTo("/v2/test/app/blobs/" + Digest.sha256(FakeRegistry.CONFIG)))
                .withHeader("Authorization", equalTo(bob.basicAuthorization())));
    }

    @Test
    void basicChallengeWithoutCredentialsIsAccessDenied() {
        reg.challenge("Basic realm=\"Registry Realm\"");
        try (RegistryClient client = new RegistryClient(FakeRegistry.config(dockerConfig))) {
            AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> client.fetchManifest(reg.ref("latest")));
            assertEquals("pull access denied for " + reg.registry() + "/test/app, repository does not exist or may require"
                    + " 'mini-docker login'", e.getMessage());
        }
    }

    @Test
    void tokenWithoutAccessIsAccessDenied() {
        reg.bearer("useless", null);
        reg.server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
                        com.github.tomakehurst.wiremock.client.WireMock.urlMatching("/v2/.*")).atPriority(9)
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(401)
                        .withBody("{\"errors\":[{\"code\":\"DENIED\",\"message\":\"requested access to the resource is denied\"}]}")));
        try (RegistryClient client = new RegistryClient(FakeRegistry.config(null))) {
            AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> client.fetchManifest(reg.ref("nope")));
            assertEquals("pull access denied for " + reg.registry() + "/test/app, repository does not exist or may require"
                    + " 'mini-docker login'", e.getMessage());
        }
    }
}
