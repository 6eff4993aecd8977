package dev.minidocker.image.registry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.minidocker.image.Digest;
import dev.minidocker.image.ImageNotFoundException;
import dev.minidocker.image.MediaTypes;
import dev.minidocker.image.Platform;
import dev.minidocker.image.UnsupportedMediaTypeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ManifestResolutionTest {
    private static final Platform AMD64 = Platform.parse("linux/amd64");
    private FakeRegistry reg;
    private RegistryClient client;

    @BeforeEach
    void start() {
        reg = new FakeRegistry();
        client = new RegistryClient(FakeRegistry.config(null));
    }

    @AfterEach
    void stop() {
        client.close();
        reg.close();
    }

    private static String entry(byte[] manifest, String platformJson, String annotations) {
        return "{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + Digest.sha256(manifest)
                + "\",\"size\":" + manifest.length + ",\"platform\":" + platformJson
                + (annotations != null ? ",\"annotations\":" + annotations : "") + "}";
    }

    /** An index whose first entry is an attestation, then amd64 and arm64/v8. */
    private byte[][] serveIndex() {
        byte[] amd64 = FakeRegistry.manifest("amd64");
        byte[] arm64 = FakeRegistry.manifest("arm64");
        byte[] attestation = FakeRegistry.manifest("unknown");
        byte[] index = FakeRegistry.bytes("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":["
                + entry(attestation, "{\"os\":\"unknown\",\"architecture\":\"unknown\"}",
                        "{\"vnd.docker.reference.type\":\"attestation-manifest\"}") + ","
                + entry(amd64, "{\"os\":\"linux\",\"architecture\":\"amd64\"}", null) + ","
                + entry(arm64, "{\"os\":\"linux\",\"architecture\":\"arm64\",\"variant\":\"v8\"}", null) + "]}");
        reg.manifest("latest", index, MediaTypes.OCI_INDEX, null);
        for (byte[] m : new byte[][] {amd64, arm64, attestation}) {
            reg.manifest(Digest.sha256(m).toString(), m, MediaTypes.OCI_MANIFEST, null);
        }
        return new byte[][] {index, amd64, arm64};
    }

    @Test
    void indexIsFollowedToTheWantedPlatform() {
        byte[][] served = serveIndex();
        ResolvedManifest amd = client.resolve(reg.ref("latest"), AMD64);
        assertEquals(Digest.sha256(served[1]), amd.digest());
        assertArrayEquals(served[1], amd.bytes());
        assertEquals(MediaTypes.OCI_MANIFEST, amd.mediaType());
        assertEquals(Digest.sha256(served[0]), amd.referenceDigest());
        assertEquals(1, amd.manifest().layers().size());

        ResolvedManifest arm = client.resolve(reg.ref("latest"), Platform.parse("linux/arm64/v8"));
        assertEquals(Digest.sha256(served[2]), arm.digest());
    }

    @Test
    void platformMissingFromIndexIsNotFound() {
        serveIndex();
        ImageNotFoundException e = assertThrows(ImageNotFoundException.class,
                () -> client.resolve(reg.ref("latest"), Platform.parse("linux/s390x")));
        assertEquals("no matching manifest for linux/s390x in the manifest list entries of " + reg.registry()
                + "/test/app:latest", e.getMessage());
    }

    @Test
    void plainManifestResolvesToItself() {
        reg.manifest("v1", FakeRegistry.MANIFEST, MediaTypes.DOCKER_MANIFEST + "; charset=utf-8", null);
        ResolvedManifest r = client.resolve(reg.ref("v1"), AMD64);
        assertEquals(Digest.sha256(FakeRegistry.MANIFEST), r.digest());
        assertEquals(MediaTypes.DOCKER_MANIFEST, r.mediaType());
        assertNull(r.index());
    }

    @Test
    void schema1IsRejectedClearly() {
        reg.manifest("old", FakeRegistry.bytes("{\"schemaVersion\":1,\"name\":\"test/app\",\"fsLayers\":[]}"),
                MediaTypes.DOCKER_SCHEMA1_SIGNED, null);
        UnsupportedMediaTypeException e = assertThrows(UnsupportedMediaTypeException.class,
                () -> client.resolve(reg.ref("old"), AMD64));
        assertEquals(reg.registry() + "/test/app:old uses the deprecated Docker schema1 manifest format, which is not supported",
                e.getMessage());
    }

    @Test
    void nonJsonManifestIsRejected() {
        reg.manifest("html", FakeRegistry.bytes("<html>login here</html>"), "text/html", null);
        RegistryException e = assertThrows(RegistryException.class, () -> client.resolve(reg.ref("html"), AMD64));
        assertEquals("manifest for " + reg.registry() + "/test/app:html is not valid JSON (Content-Type: text/html)",
                e.getMessage());
    }

    @Test
    void unknownMediaTypeIsRejected() {
        reg.manifest("odd", FakeRegistry.bytes("{\"schemaVersion\":2}"), "application/vnd.example.thing+json", null);
        UnsupportedMediaTypeException e = assertThrows(UnsupportedMediaTypeException.class,
                () -> client.resolve(reg.ref("odd"), AMD64));
        assertEquals("manifest for " + reg.registry() + "/test/app:odd has unsupported media type application/vnd.example.thing+json",
                e.getMessage());
    }

    @Test
    void missingTagIsImageNotFound() {
        reg.server.stubFor(get(urlPathEqualTo("/v2/test/app/manifests/nosuchtag")).willReturn(aResponse().withStatus(404)
                .withBody("{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\",\"detail\":{}}]}")));
        ImageNotFoundException e = assertThrows(ImageNotFoundException.class, () -> client.fetchManifest(reg.ref("nosuchtag")));
        assertEquals("manifest for " + reg.registry() + "/test/app:nosuchtag not found: manifest unknown", e.getMessage());
    }

    @Test
    void manifestByDigestMustMatchTheDigest() {
        Digest wanted = Digest.sha256(FakeRegistry.bytes("something else"));
        reg.manifest(wanted.toString(), FakeRegistry.MANIFEST, MediaTypes.OCI_MANIFEST, null);
        DigestMismatchException e = assertThrows(DigestMismatchException.class,
                () -> client.fetchManifest(reg.ref(wanted.toString())));
        assertEquals("manifest for " + reg.registry() + "/test/app@" + wanted + " has digest " + Digest.sha256(FakeRegistry.MANIFEST)
                + ": the registry sent content that does not match the requested digest", e.getMessage());
    }

    @Test
    void dockerContentDigestMustMatchTheBytes() {
        Digest claimed = Digest.sha256(FakeRegistry.bytes("other"));
        reg.server.stubFor(get(urlPathEqualTo("/v2/test/app/manifests/latest")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", MediaTypes.OCI_MANIFEST).withHeader("Docker-Content-Digest", claimed.toString())
                .withBody(FakeRegistry.MANIFEST)));
        assertThrows(DigestMismatchException.class, () -> client.fetchManifest(reg.ref("latest")));

        reg.server.stubFor(get(urlPathEqualTo("/v2/test/app/manifests/good")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", MediaTypes.OCI_MANIFEST)
                .withHeader("Docker-Content-Digest", Digest.sha256(FakeRegistry.MANIFEST).toString())
                .withBody(FakeRegistry.MANIFEST)));
        assertEquals(Digest.sha256(FakeRegistry.MANIFEST), client.fetchManifest(reg.ref("good")).digest());
    }
}
