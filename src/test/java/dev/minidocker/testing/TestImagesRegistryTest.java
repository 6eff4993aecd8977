package dev.minidocker.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.RootOnly;
import dev.minidocker.image.Digest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness itself, checked with the independent tools: the recipes build valid images, the
 * local registry serves them byte for byte, and umoci's unpack of images/multilayer has exactly
 * the whiteout/opaque/ownership semantics the recipe describes (so it can serve as the oracle).
 * Root: umoci restores owners, and CI runs the harness as root.
 */
@RootOnly
class TestImagesRegistryTest {
    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

    @TempDir
    Path tmp;

    @Test
    void registryServesThePushedManifestAndBlobsUnchanged() throws Exception {
        OciLayout layout = OciLayout.read(TestImages.multilayer(), TestImages.TAG);
        LocalRegistry registry = LocalRegistry.shared();
        String ref = registry.push(layout.dir(), "harness/multilayer", TestImages.TAG);
        assertEquals(registry.host() + "/harness/multilayer:latest", ref);

        HttpResponse<byte[]> manifest = registry.get("/v2/harness/multilayer/manifests/latest", OCI_MANIFEST);
        assertEquals(200, manifest.statusCode());
        assertEquals(layout.manifestDigest(), Digest.sha256(manifest.body()));
        assertEquals(4, layout.manifest().layers().size());
        Digest top = layout.manifest().layers().get(3).digest();
        HttpResponse<byte[]> blob = registry.get("/v2/harness/multilayer/blobs/" + top, null);
        assertEquals(200, blob.statusCode());
        assertEquals(top, Digest.sha256(blob.body()));

        String inspect = Tools.run("skopeo", "inspect", "--tls-verify=false", "docker://" + ref);
        assertTrue(inspect.contains(layout.manifestDigest().toString()), inspect);
    }

    @Test
    void privateRegistryStopsAndDeletesItsStorageOnClose() throws Exception {
        LocalRegistry registry = LocalRegistry.start();
        Path dir = registry.directory();
        registry.push(TestImages.busybox(), "private/busybox", TestImages.TAG);
        assertEquals(200, registry.get("/v2/private/busybox/tags/list", null).statusCode());
        assertTrue(Files.isDirectory(dir.resolve("storage")));
        registry.close();
        assertTrue(Files.notExists(dir), "storage left behind at " + dir);
        assertThrows(java.io.IOException.class, () -> registry.get("/v2/", null));
    }

    @Test
    void busyboxRecipeIsReproducibleAndOneLayer() throws Exception {
        OciLayout cached = OciLayout.read(TestImages.busybox(), TestImages.TAG);
        Path again = tmp.resolve("busybox-again");
        Tools.run("bash", TestImages.projectRoot().resolve("images/busybox/build.sh").toString(), again.toString());
        OciLayout rebuilt = OciLayout.read(again, TestImages.TAG);
        assertEquals(cached.manifestDigest(), rebuilt.manifestDigest());
        assertEquals(1, cached.diffIds().size());
        assertEquals(List.of("sh"), cached.config().config().cmd());
        assertEquals("linux", cached.config().os());
    }

    @Test
    void umociUnpackOfMultilayerMatchesTheRecipe() {
        Tools.require("umoci", "umoci");
        Path layout = TestImages.multilayer();
        Path bundle = tmp.resolve("bundle");
        Tools.run("umoci", "unpack", "--image", layout + ":" + TestImages.TAG, bundle.toString());
        TreeSnapshot rootfs = TreeSnapshot.of(bundle.resolve("rootfs"));
        List<String> violations = MultilayerExpectations.violations(rootfs);
        assertEquals(List.of(), violations, () -> String.join("\n", violations) + "\n" + rootfs);
        assertTrue(Files.isRegularFile(bundle.resolve("config.json")));
    }
}
