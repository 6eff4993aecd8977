package dev.minidocker.image.store;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.minidocker.MiniDockerException;
import dev.minidocker.cli.Main;
import dev.minidocker.image.Descriptor;
import dev.minidocker.image.Digest;
import dev.minidocker.image.ImageIndex;
import dev.minidocker.image.ImageReference;
import dev.minidocker.image.Manifest;
import dev.minidocker.image.MediaTypes;
import dev.minidocker.image.Platform;
import dev.minidocker.image.registry.CredentialStore;
import dev.minidocker.image.registry.RegistryConfig;
import dev.minidocker.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Full pulls through the real RegistryClient and LayerApplier against a WireMock registry. */
class RegistryPullTest {
    private static final String REPO = "test/app";
    @TempDir
    Path root;
    WireMockServer server;
    byte[] layer1;
    byte[] layer2;
    byte[] config;
    byte[] manifest;
    byte[] index;

    @BeforeEach
    void start() throws Exception {
        server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        byte[] tar1 = tar(Map.of("etc/os-release", "NAME=test\n", "bin/tool", "#!/bin/sh\necho v1\n"));
        byte[] tar2 = tar(Map.of("bin/tool", "#!/bin/sh\necho v2\n", "etc/.wh.os-release", ""));
        layer1 = FakeImage.gzip(tar1);
        layer2 = FakeImage.gzip(tar2);
        config = ("{\"architecture\":\"" + Platform.host().architecture() + "\",\"os\":\"linux\","
                + "\"created\":\"2024-01-01T00:00:00Z\",\"config\":{\"Cmd\":[\"/bin/tool\"]},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + Digest.sha256(tar1) + "\",\"" + Digest.sha256(tar2) + "\"]}}")
                .getBytes();
        Manifest m = new Manifest(2, MediaTypes.OCI_MANIFEST,
                new Descriptor(MediaTypes.OCI_CONFIG, Digest.sha256(config), config.length),
                List.of(new Descriptor(MediaTypes.OCI_LAYER_GZIP, Digest.sha256(layer1), layer1.length),
                        new Descriptor(MediaTypes.OCI_LAYER_GZIP, Digest.sha256(layer2), layer2.length)), null);
        manifest = Json.MAPPER.writeValueAsBytes(m);
        index = Json.MAPPER.writeValueAsBytes(new ImageIndex(2, MediaTypes.OCI_INDEX, List.of(
                new Descriptor(MediaTypes.OCI_MANIFEST, Digest.sha256(manifest), manifest.length, null, null, Platform.host()))));
        serve("manifests/latest", index, MediaTypes.OCI_INDEX);
        serve("manifests/" + Digest.sha256(manifest), manifest, MediaTypes.OCI_MANIFEST);
        serve("blobs/" + Digest.sha256(config), config, "application/octet-stream");
        serve("blobs/" + Digest.sha256(layer1), layer1, "application/octet-stream");
        serve("blobs/" + Digest.sha256(layer2), layer2, "application/octet-stream");
        server.stubFor(get(urlPathEqualTo("/v2/")).willReturn(aResponse().withStatus(200).withBody("{}")));
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private void serve(String path, byte[] body, String type) {
        server.stubFor(get(urlPathEqualTo("/v2/" + REPO + "/" + path))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", type).withBody(body)));
    }

    private ImageReference ref() {
        return ImageReference.parse("127.0.0.1:" + server.port() + "/" + REPO + ":latest");
    }

    private PullResult pull(ImageStore store) {
        RegistryConfig cfg = new RegistryConfig(Set.of(), Duration.ofSeconds(5), Duration.ofSeconds(5), 1,
                Duration.ofMillis(5), CredentialStore.none());
        return RegistryPull.pull(store, ref(), Platform.host(), cfg, 3, PullProgress.QUIET);
    }

    @Test
    void pullsThroughIndexExtractsLayersAndRecordsIndexDigest() throws Exception {
        ImageStore store = new ImageStore(root);
        PullResult r = pull(store);
        assertEquals(Digest.sha256(index), r.manifestDigest());
        assertEquals(2, r.layersExtracted());
        StoredImage img = store.find(ref().toString()).orElseThrow();
        assertEquals(Digest.sha256(config), img.imageId());
        assertEquals("NAME=test\n", Files.readString(img.layerDirs().get(0).resolve("etc/os-release")));
        assertEquals("#!/bin/sh\necho v2\n", Files.readString(img.layerDirs().get(1).resolve("bin/tool")));
        assertTrue(store.find(ref().registry() + "/" + REPO + "@" + Digest.sha256(index)).isPresent());

        assertFalse(pull(store).downloaded());
        server.verify(1, getRequestedFor(urlPathEqualTo("/v2/" + REPO + "/blobs/" + Digest.sha256(layer1))));
    }

    @Test
    void cliPullPrintsDockerStyleLines() {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true));
        try {
            assertEquals(0, Main.run("--root", root.toString(), "pull", ref().registry() + "/" + REPO));
        } finally {
            System.setOut(old);
        }
        List<String> lines = buf.toString().lines().toList();
        String l1 = Digest.sha256(layer1).shortHex();
        assertEquals("latest: Pulling from " + REPO, lines.getFirst());
        assertTrue(lines.contains(l1 + ": Pulling fs layer"), lines.toString());
        assertTrue(lines.contains(l1 + ": Pull complete"), lines.toString());
        assertTrue(lines.contains("Digest: " + Digest.sha256(index)), lines.toString());
        assertTrue(lines.contains("Status: Downloaded newer image for " + ref().registry() + "/" + REPO + ":latest"), lines.toString());
        assertEquals(ref().toString(), lines.getLast());
    }

    @Test
    void corruptLayerFromRegistryLeavesNothingBehind() throws Exception {
        serve("blobs/" + Digest.sha256(layer2), FakeImage.gzip("tampered".getBytes()), "application/octet-stream");
        ImageStore store = new ImageStore(root);
        var e = assertThrows(MiniDockerException.class, () -> pull(store));
        assertTrue(e.getMessage().contains("mismatch"), e.getMessage());
        assertTrue(store.find(ref().toString()).isEmpty());
        assertFalse(store.layers().has(Digest.sha256(tar(Map.of("bin/tool", "#!/bin/sh\necho v2\n", "etc/.wh.os-release", "")))));
        assertTrue(tmpEmpty());
    }

    @Test
    void connectionDroppedEveryTimeFailsCleanly() throws Exception {
        server.stubFor(get(urlPathEqualTo("/v2/" + REPO + "/blobs/" + Digest.sha256(layer2)))
                .willReturn(aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE)));
        ImageStore store = new ImageStore(root);
        var e = assertThrows(MiniDockerException.class, () -> pull(store));
        assertFalse(e.getMessage().contains("\n"));
        assertTrue(store.find(ref().toString()).isEmpty());
        assertTrue(tmpEmpty());
    }

    private boolean tmpEmpty() throws Exception {
        Path tmp = root.resolve("tmp");
        if (!Files.exists(tmp)) return true;
        try (Stream<Path> s = Files.list(tmp)) {
            return s.findAny().isEmpty();
        }
    }

    static byte[] tar(Map<String, String> files) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(out)) {
            for (var f : new java.util.TreeMap<>(files).entrySet()) {
                byte[] b = f.getValue().getBytes();
                TarArchiveEntry e = new TarArchiveEntry(f.getKey());
                e.setSize(b.length);
                e.setModTime(0);
                t.putArchiveEntry(e);
                t.write(b);
                t.closeArchiveEntry();
            }
        }
        return out.toByteArray();
    }
}
