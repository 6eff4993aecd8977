package dev.minidocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.RootOnly;
import dev.minidocker.testing.LocalRegistry;
import dev.minidocker.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pull that failed half-way (here: its image record lost, as when the disk filled before it was
 * written) leaves complete layers no image refers to; {@code image prune} frees them, and keeps
 * those of images that exist.
 */
@RootOnly
class ImagePruneRootTest {
    @Test
    void imagePruneFreesLayersNoImageUses(@TempDir Path root) throws Exception {
        String image = LocalRegistry.shared().push(TestImages.busybox(), "prune/busybox", TestImages.TAG);
        assertEquals(0, Main.run("--root", root.toString(), "pull", "-q", image));
        List<Path> layers = list(root.resolve("layers"));
        assertFalse(layers.isEmpty());
        // An orphan: a complete layer directory whose pull never recorded its image.
        Path orphan = root.resolve("layers").resolve("ab".repeat(32));
        Files.createDirectories(orphan.resolve("diff"));
        Files.writeString(orphan.resolve("diff").resolve("file"), "left by a failed pull");
        assertEquals(0, Main.run("--root", root.toString(), "image", "prune", "-f"));
        assertFalse(Files.exists(orphan), "the orphan layer is freed");
        assertEquals(layers, list(root.resolve("layers")), "the image's layers stay");
        assertEquals(0, Main.run("--root", root.toString(), "run", "--rm", "--network", "none", image, "true"));
        assertTrue(Main.run("--root", root.toString(), "rmi", image) == 0);
    }

    private static List<Path> list(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).sorted().toList();
        }
    }
}
