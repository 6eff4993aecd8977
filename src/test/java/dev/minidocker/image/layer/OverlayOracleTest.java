package dev.minidocker.image.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.RootOnly;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel is the judge of the whiteout format: two extracted layers stacked with
 * {@code mount -t overlay} (the test's oracle; the product mounts through FFM) must hide what the
 * upper layer deleted and make its opaque directory replace the lower one.
 */
@RootOnly
class OverlayOracleTest {
    @TempDir
    Path tmp;

    @Test
    void upperWhiteoutsHideLowerFiles() throws Exception {
        Path lower = Files.createDirectory(tmp.resolve("lower"));
        Path upper = Files.createDirectory(tmp.resolve("upper"));
        Path merged = Files.createDirectory(tmp.resolve("merged"));
        LayerApplier applier = new LayerApplier();
        applier.apply(new ByteArrayInputStream(new TarBuilder()
                .file("etc/keep", 0644, "kept")
                .file("etc/gone", 0644, "deleted above")
                .file("data/old", 0644, "hidden by opaque")
                .file("data/sub/old2", 0644, "hidden by opaque")
                .build()), lower);
        applier.apply(new ByteArrayInputStream(new TarBuilder()
                .file("etc/.wh.gone", 0644, "")
                .dir("data/", 0755)
                .file("data/.wh..wh..opq", 0644, "")
                .file("data/new", 0644, "fresh")
                .build()), upper);
        run("mount", "-t", "overlay", "overlay", "-o", "lowerdir=" + upper + ":" + lower, merged.toString());
        try {
            assertEquals("kept", Files.readString(merged.resolve("etc/keep")));
            assertFalse(Files.exists(merged.resolve("etc/gone")));
            assertEquals(List.of("keep"), list(merged.resolve("etc")));
            assertEquals(List.of("new"), list(merged.resolve("data")));
            assertEquals("fresh", Files.readString(merged.resolve("data/new")));
        } finally {
            run("umount", merged.toString());
        }
        assertTrue(Files.exists(lower.resolve("etc/gone")));
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new IOException(String.join(" ", cmd) + " failed: " + out);
    }
}
