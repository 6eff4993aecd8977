package dev.minidocker.image.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryConfigTest {
    @TempDir
    Path dir;

    @Test
    void insecureRegistriesComeFromDaemonJson() throws Exception {
        Path daemon = dir.resolve("daemon.json");
        Files.writeString(daemon, "{\"insecure-registries\":[\"myregistry.lan:5000\",\"build.lan\"],\"debug\":true}");
        assertEquals(Set.of("myregistry.lan:5000", "build.lan"), RegistryConfig.readInsecureRegistries(daemon));
        assertEquals(Set.of(), RegistryConfig.readInsecureRegistries(dir.resolve("missing.json")));
    }

    @Test
    void plainHttpOnlyForLoopbackAndListedRegistries() {
        RegistryConfig c = RegistryConfig.defaults().withInsecureRegistries(List.of("http://myregistry.lan:5000/", "build.lan"));
        assertTrue(c.allowsPlainHttp("127.0.0.1:5000"));
        assertTrue(c.allowsPlainHttp("127.3.4.5"));
        assertTrue(c.allowsPlainHttp("localhost:5000"));
        assertTrue(c.allowsPlainHttp("[::1]:5000"));
        assertTrue(c.allowsPlainHttp("myregistry.lan:5000"));
        assertTrue(c.allowsPlainHttp("build.lan:8443"), "a bare host covers every port");
        assertFalse(c.allowsPlainHttp("myregistry.lan:5001"));
        assertFalse(c.allowsPlainHttp("docker.io"));
        assertFalse(c.allowsPlainHttp("127.0.0.1.evil.example"));
    }

    @Test
    void otherRegistriesAreAlwaysHttpsWithoutAnyProbe() {
        try (HttpClient client = HttpClient.newHttpClient()) {
            EndpointResolver r = new EndpointResolver(client, RegistryConfig.defaults());
            assertEquals("https://registry-1.docker.io/", r.base("docker.io").toString());
            assertEquals("https://ghcr.io/", r.base("ghcr.io").toString());
        }
    }

    @Test
    void loopbackRegistryIsPlainHttpUnlessItAnswersLikeATlsServer() {
        try (FakeRegistry plain = new FakeRegistry(); FakeRegistry tlsOnly = new FakeRegistry();
             HttpClient client = HttpClient.newHttpClient()) {
            // what Go's TLS server answers to a plain HTTP request
            tlsOnly.server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/v2/").willReturn(
                    com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(400)
                            .withBody("Client sent an HTTP request to an HTTPS server.")));
            EndpointResolver r = new EndpointResolver(client, FakeRegistry.config(null));
            assertEquals(plain.base() + "/", r.base(plain.registry()).toString());
            assertEquals("https://" + tlsOnly.registry() + "/", r.base(tlsOnly.registry()).toString());
        }
    }

    @Test
    void serverNamesNormaliseLikeDockerDoes() {
        assertEquals("docker.io", RegistryHost.normalize("https://index.docker.io/v1/"));
        assertEquals("docker.io", RegistryHost.normalize("registry-1.docker.io"));
        assertEquals("127.0.0.1:5000", RegistryHost.normalize("http://127.0.0.1:5000/v2/"));
        assertEquals("registry-1.docker.io", RegistryHost.apiHost("docker.io"));
    }
}
