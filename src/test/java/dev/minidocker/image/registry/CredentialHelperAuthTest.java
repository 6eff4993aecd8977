package dev.minidocker.image.registry;

import dev.minidocker.model.RegistryCredentials;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.minidocker.MiniDockerException;
import dev.minidocker.image.Digest;
import dev.minidocker.image.MediaTypes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A registry (WireMock) answered with what a credential helper hands out. */
class CredentialHelperAuthTest {
    private FakeRegistry reg;
    private FakeCredentialHelper helper;

    @TempDir
    Path config;
    @TempDir
    Path bin;

    @BeforeEach
    void start() throws Exception {
        reg = new FakeRegistry();
        helper = FakeCredentialHelper.install(bin, "test");
        Files.writeString(config.resolve("config.json"), "{\"credsStore\":\"test\"}");
    }

    @AfterEach
    void stop() {
        reg.close();
    }

    private RegistryClient client() {
        return new RegistryClient(new RegistryConfig(Set.of(), Duration.ofSeconds(5), Duration.ofSeconds(5), 3,
                Duration.ofMillis(5), CredentialStore.inDirectory(config).withHelperPath(List.of(bin))));
    }

    @Test
    void helperPasswordGoesToTheTokenServiceAsBasic() throws Exception {
        RegistryCredentials alice = new RegistryCredentials("alice", "s3cret");
        helper.put(reg.registry(), "alice", "s3cret");
        reg.bearer("alice-token", alice.basicAuthorization());
        reg.manifest("latest", FakeRegistry.MANIFEST, MediaTypes.OCI_MANIFEST, "Bearer alice-token");
        try (RegistryClient client = client()) {
            assertEquals(Digest.sha256(FakeRegistry.MANIFEST), client.fetchManifest(reg.ref("latest")).digest());
        }
        assertEquals(List.of("get " + reg.registry()), helper.calls());
    }

    @Test
    void helperPasswordAnswersABasicChallenge() throws Exception {
        RegistryCredentials bob = new RegistryCredentials("bob", "pw");
        helper.put(reg.registry(), "bob", "pw");
        reg.challenge("Basic realm=\"Registry Realm\"");
        reg.manifest("latest", FakeRegistry.MANIFEST, MediaTypes.OCI_MANIFEST, bob.basicAuthorization());
        try (RegistryClient client = client()) {
            assertEquals(Digest.sha256(FakeRegistry.MANIFEST), client.fetchManifest(reg.ref("latest")).digest());
        }
    }

    @Test
    void identityTokenIsPostedAsAnOAuth2RefreshToken() throws Exception {
        helper.put(reg.registry(), "<token>", "refresh-123");
        reg.challenge("Bearer realm=\"" + reg.base() + "/token\",service=\"fake-registry\"");
        reg.server.stubFor(post(urlPathEqualTo("/token"))
                .withRequestBody(containing("grant_type=refresh_token"))
                .withRequestBody(containing("refresh_token=refresh-123"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"access_token\":\"oauth-access\",\"expires_in\":300,\"refresh_token\":\"refresh-123\"}")));
        reg.manifest("latest", FakeRegistry.MANIFEST, MediaTypes.OCI_MANIFEST, "Bearer oauth-access");
        try (RegistryClient client = client()) {
            assertEquals(Digest.sha256(FakeRegistry.MANIFEST), client.fetchManifest(reg.ref("latest")).digest());
        }
        reg.server.verify(exactly(1), postRequestedFor(urlPathEqualTo("/token"))
                .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
                .withRequestBody(equalTo("grant_type=refresh_token&refresh_token=refresh-123&service=fake-registry"
                        + "&scope=repository%3Atest%2Fapp%3Apull&client_id=docker")));
        reg.server.verify(exactly(0), getRequestedFor(urlPathEqualTo("/token")));
    }

    @Test
    void rejectedIdentityTokenSaysSoWithoutShowingIt() throws Exception {
        helper.put(reg.registry(), "<token>", "stale-token");
        reg.challenge("Bearer realm=\"" + reg.base() + "/token\",service=\"fake-registry\"");
        reg.server.stubFor(post(urlPathEqualTo("/token")).willReturn(aResponse().withStatus(401)
                .withBody("{\"error\":\"invalid_grant\"}")));
        try (RegistryClient client = client()) {
            AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> client.fetchManifest(reg.ref("latest")));
            assertEquals("authentication to registry " + reg.registry() + " failed with its identity token: 401 Unauthorized",
                    e.getMessage());
        }
    }

    @Test
    void helperWithoutCredentialsMeansAnonymous() {
        reg.bearer("anon", null);
        reg.manifest("latest", FakeRegistry.MANIFEST, MediaTypes.OCI_MANIFEST, "Bearer anon");
        try (RegistryClient client = client()) {
            assertEquals(Digest.sha256(FakeRegistry.MANIFEST), client.fetchManifest(reg.ref("latest")).digest());
        }
        reg.server.verify(exactly(1), getRequestedFor(urlPathEqualTo("/token")).withoutHeader("Authorization"));
    }

    @Test
    void missingHelperFailsThePull() throws Exception {
        Files.writeString(config.resolve("config.json"), "{\"credHelpers\":{\"" + reg.registry() + "\":\"ecr-login\"}}");
        reg.bearer("anon", null);
        try (RegistryClient client = client()) {
            MiniDockerException e = assertThrows(MiniDockerException.class, () -> client.fetchManifest(reg.ref("latest")));
            assertEquals("error getting credentials - err: exec: \"docker-credential-ecr-login\": executable file not"
                    + " found in $PATH, out: ``", e.getMessage());
        }
    }
}
