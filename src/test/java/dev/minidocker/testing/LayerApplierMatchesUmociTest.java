package dev.minidocker.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.minidocker.RootOnly;
import dev.minidocker.image.Descriptor;
import dev.minidocker.image.Digest;
import dev.minidocker.image.MediaTypes;
import dev.minidocker.image.layer.Decompression;
import dev.minidocker.image.layer.LayerApplier;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Layer extraction checked against an independent implementation: every layer of
 * images/multilayer applied with {@link LayerApplier}, stacked by the kernel's overlayfs, must
 * equal {@code umoci unpack} of the same image, path by path (type, mode, owner, content,
 * symlink target, hardlink grouping), and the DiffIDs must match the config.
 */
@RootOnly
class LayerApplierMatchesUmociTest {
    @TempDir
    Path tmp;

    @Test
    void appliedLayersStackedByOverlayMatchUmociUnpack() throws IOException {
        Tools.require("umoci", "umoci");
        OciLayout layout = OciLayout.read(TestImages.multilayer(), TestImages.TAG);
        List<Path> layers = new ArrayList<>();
        List<Descriptor> blobs = layout.manifest().layers();
        for (int i = 0; i < blobs.size(); i++) {
            Path dir = Files.createDirectories(tmp.resolve("layers/" + i));
            MessageDigest diffId = Digest.newSha256();
            try (InputStream gz = Files.newInputStream(OciLayout.blob(layout.dir(), blobs.get(i).digest()));
                 InputStream tar = new DigestInputStream(Decompression.open(gz, MediaTypes.layerCompression(blobs.get(i).mediaType())), diffId)) {
                new LayerApplier().apply(tar, dir);
            }
            assertEquals(layout.diffIds().get(i), Digest.ofSha256(diffId), "DiffID of layer " + i);
            layers.add(dir);
        }
        Path bundle = tmp.resolve("bundle");
        Tools.run("umoci", "unpack", "--image", layout.dir() + ":" + TestImages.TAG, bundle.toString());
        TreeSnapshot expected = TreeSnapshot.of(bundle.resolve("rootfs")).withoutRoot();

        TreeSnapshot actual = OverlayView.with(layers, tmp.resolve("merged"), TreeSnapshot::of).withoutRoot();

        assertEquals(List.of(), expected.diff(actual), () -> expected.describeDiff(actual, 60));
        List<String> violations = MultilayerExpectations.violations(actual);
        assertEquals(List.of(), violations, () -> String.join("\n", violations));
    }
}
