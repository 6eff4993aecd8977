package dev.minidocker.image.registry;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.minidocker.image.Descriptor;
import dev.minidocker.image.Digest;
import dev.minidocker.image.ImageReference;
import dev.minidocker.image.MediaTypes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/** A WireMock server on 127.0.0.1 speaking enough of the distribution API for the client tests. */
final class FakeRegistry implements AutoCloseable {
    static final String REPO = "test/app";
    final WireMockServer server;

    FakeRegistry() {
        server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
    }

    String registry() {
        return "127.0.0.1:" + server.port();
    }

    String base() {
        return "http://127.0.0.1:" + server.port();
    }

    ImageReference ref(String tagOrDigest) {
        return ImageReference.parse(registry() + "/" + REPO + (tagOrDigest.contains(":") ? "@" : ":") + tagOrDigest);
    }

    static RegistryConfig config(Path dockerConfigDir) {
        return new RegistryConfig(Set.of(), Duration.ofSeconds(5), Duration.ofSeconds(5), 3, Duration.ofMillis(5),
                dockerConfigDir == null ? CredentialStore.none() : CredentialStore.inDirectory(dockerConfigDir));
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A config blob, and a manifest naming it and one layer. */
    static final byte[] CONFIG = bytes("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}");
    static final byte[] LAYER = bytes("pretend this is a gzipped tar");

    static Descriptor configDescriptor() {
        return new Descriptor(MediaTypes.OCI_CONFIG, Digest.sha256(CONFIG), CONFIG.length);
    }

    static Descriptor layerDescriptor() {
        return new Descriptor(MediaTypes.OCI_LAYER_GZIP, Digest.sha256(LAYER), LAYER.length);
    }

    static byte[] manifest(String arch) {
        byte[] config = bytes("{\"architecture\":\"" + arch + "\",\"os\":\"linux\"}");
        return bytes("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\","
                + "\"config\":{\"mediaType\":\"" + MediaTypes.OCI_CONFIG + "\",\"digest\":\"" + Digest.sha256(config)
                + "\",\"size\":" + config.length + "},"
                + "\"layers\":[{\"mediaType\":\"" + MediaTypes.OCI_LAYER_GZIP + "\",\"digest\":\"" + Digest.sha256(LAYER)
                + "\",\"size\":" + LAYER.length + "}]}");
    }

    static final byte[] MANIFEST = bytes("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\","
            + "\"config\":{\"mediaType\":\"" + MediaTypes.OCI_CONFIG + "\",\"digest\":\"" + Digest.sha256(CONFIG)
            + "\",\"size\":" + CONFIG.length + "},"
            + "\"layers\":[{\"mediaType\":\"" + MediaTypes.OCI_LAYER_GZIP + "\",\"digest\":\"" + Digest.sha256(LAYER)
            + "\",\"size\":" + LAYER.length + "}]}");

    /** GET manifest answered with these bytes; {@code authorization} null means "no header needed". */
    void manifest(String ref, byte[] body, String mediaType, String authorization) {
        server.stubFor(withAuth(get(urlPathEqualTo("/v2/" + REPO + "/manifests/" + ref)), authorization)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", mediaType).withBody(body)));
    }

    void blob(Digest digest, byte[] body, String authorization) {
        server.stubFor(withAuth(get(urlPathEqualTo("/v2/" + REPO + "/blobs/" + digest)), authorization)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/octet-stream").withBody(body)));
    }

    /** Every registry path without an Authorization header answers 401 with this challenge. */
    void challenge(String wwwAuthenticate) {
        server.stubFor(get(com.github.tomakehurst.wiremock.client.WireMock.urlMatching("/v2/.*"))
                .withHeader("Authorization", absent()).atPriority(1)
                .willReturn(aResponse().withStatus(401).withHeader("WWW-Authenticate", wwwAuthenticate)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}")));
    }

    /** Bearer challenge plus a token endpoint handing out {@code token} (to {@code basic} only, when given). */
    void bearer(String token, String basic) {
        challenge("Bearer realm=\"" + base() + "/token\",service=\"fake-registry\",scope=\"repository:" + REPO + ":pull\"");
        MappingBuilder tokenStub = get(urlPathEqualTo("/token"));
        if (basic != null) {
            tokenStub.withHeader("Authorization", equalTo(basic));
            server.stubFor(get(urlPathEqualTo("/token")).atPriority(10).willReturn(aResponse().withStatus(401)
                    .withBody("{\"details\":\"incorrect username or password\"}")));
        }
        server.stubFor(tokenStub.atPriority(1).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"token\":\"" + token + "\",\"expires_in\":300}")));
    }

    private static MappingBuilder withAuth(MappingBuilder b, String authorization) {
        return authorization == null ? b.atPriority(5) : b.withHeader("Authorization", equalTo(authorization)).atPriority(2);
    }

    @Override
    public void close() {
        server.stop();
    }
}
