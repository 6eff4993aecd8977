package dev.minidocker.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.RootOnly;
import dev.minidocker.cli.Main;
import dev.minidocker.image.Digest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end, as a user would: push images/multilayer to a real local registry, {@code mini-docker
 * pull} it, stack the pulled layers read-only with the kernel's overlayfs (mount(8) as an oracle,
 * not product code) and compare the merged view with {@code umoci unpack} of the same image.
 */
@RootOnly
class PullMatchesUmociTest {
    @TempDir
    Path tmp;

    @Test
    void pulledLayersStackedByOverlayMatchUmociUnpack() {
        Tools.require("umoci", "umoci");
        Tools.require("mount", "mount");
        OciLayout layout = OciLayout.read(TestImages.multilayer(), TestImages.TAG);
        String ref = LocalRegistry.shared().push(layout.dir(), "pulltest/multilayer", TestImages.TAG);
        Path store = tmp.resolve("store");

        assertEquals(0, Main.run("--root", store.toString(), "pull", ref));

        Path bundle = tmp.resolve("bundle");
        Tools.run("umoci", "unpack", "--image", layout.dir() + ":" + TestImages.TAG, bundle.toString());
        TreeSnapshot expected = TreeSnapshot.of(bundle.resolve("rootfs"));

        Path merged = tmp.resolve("merged");
        TreeSnapshot actual = OverlayView.with(layerDirs(store, layout), merged, TreeSnapshot::of);

        // The root directory's own attributes come from whichever layer tool made it; compare below it.
        assertTrue(actual.entries().size() > 300, "merged view looks empty: " + actual.entries().size());
        assertEquals(List.of(), expected.withoutRoot().diff(actual.withoutRoot()),
                () -> expected.withoutRoot().describeDiff(actual.withoutRoot(), 60));
        List<String> violations = MultilayerExpectations.violations(actual);
        assertEquals(List.of(), violations, () -> String.join("\n", violations));
    }

    /** The extracted layers' diff/ directories, bottom first: the store keeps them at layers/<diffid-hex>/diff. */
    private static List<Path> layerDirs(Path store, OciLayout layout) {
        List<Path> dirs = new ArrayList<>();
        for (Digest diffId : layout.diffIds()) {
            Path d = store.resolve("layers").resolve(diffId.hex()).resolve("diff");
            assertTrue(Files.isDirectory(d), "pulled layer " + diffId + " not at " + d);
            dirs.add(d);
        }
        return dirs;
    }
}
