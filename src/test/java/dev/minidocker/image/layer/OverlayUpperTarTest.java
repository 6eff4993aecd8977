package dev.minidocker.image.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.RootOnly;
import dev.minidocker.testing.OverlayView;
import dev.minidocker.testing.Tools;
import dev.minidocker.testing.TreeSnapshot;
import dev.minidocker.testing.XattrSnapshot;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The layer writer on a real OverlayFS upper directory (root: mount, mknod, chown, file
 * capabilities). Oracle: the kernel's merged view of lower + upper before, and of lower + the
 * applied layer after, must be the same tree.
 */
@RootOnly
class OverlayUpperTarTest {
    @TempDir
    Path dir;

    @Test
    void ownersDevicesAndCapabilitiesSurviveTheRoundTrip() throws IOException {
        Path src = Files.createDirectories(dir.resolve("src"));
        LayerTrees.unprivileged(src);
        LayerTrees.privileged(src);
        byte[] tar = LayerTrees.tarOf(src);
        Path applied = Files.createDirectories(dir.resolve("applied"));
        new LayerApplier().apply(new ByteArrayInputStream(tar), applied);
        TreeSnapshot want = TreeSnapshot.of(src).withoutRoot();
        assertEquals(want, TreeSnapshot.of(applied).withoutRoot(), want.describeDiff(TreeSnapshot.of(applied).withoutRoot(), 20));
        Map<String, String> xattrs = XattrSnapshot.of(src);
        assertTrue(xattrs.get("/bin/ping").contains("security.capability="), xattrs.toString());
        assertEquals(xattrs, XattrSnapshot.of(applied));
        assertTrue(Tools.run("getcap", applied.resolve("bin/ping").toString()).contains("cap_setuid,cap_net_raw=ep"));
        assertEquals(3000000, Files.getAttribute(applied.resolve("big-ids"), "unix:uid"));
    }

    @Test
    void whiteoutsAndOpaqueDirectoriesOfAnUpperDirBecomeOciEntries() throws IOException {
        Path lower = Files.createDirectories(dir.resolve("lower"));
        Files.createDirectories(lower.resolve("gone-dir/sub"));
        Files.writeString(lower.resolve("gone-dir/sub/x"), "x");
        Files.createDirectories(lower.resolve("keep"));
        Files.writeString(lower.resolve("keep/gone-file"), "bye");
        Files.writeString(lower.resolve("keep/changed"), "old");
        Files.createDirectories(lower.resolve("opaque"));
        Files.writeString(lower.resolve("opaque/old"), "old");
        Path upper = Files.createDirectories(dir.resolve("upper"));
        Path work = Files.createDirectories(dir.resolve("work"));
        Path merged = Files.createDirectories(dir.resolve("merged"));
        TreeSnapshot expected;
        Tools.run("mount", "-t", "overlay", "overlay", "-o",
                "lowerdir=" + lower + ",upperdir=" + upper + ",workdir=" + work, merged.toString());
        try {
            Tools.run("sh", "-c", "cd " + merged + " && rm keep/gone-file && rm -r gone-dir && echo new > keep/changed"
                    + " && rm -r opaque && mkdir opaque && echo n > opaque/new && ln opaque/new opaque/new-link"
                    + " && mkdir -p fresh/deep && echo f > fresh/deep/file && chmod 2755 fresh && chown 5:6 fresh/deep/file");
            expected = TreeSnapshot.of(merged).withoutRoot();
        } finally {
            Tools.run("umount", merged.toString());
        }
        byte[] tar = LayerTrees.tarOf(upper);
        Map<String, TarArchiveEntry> entries = LayerTarWriterTest.entries(tar);
        assertTrue(entries.containsKey("keep/.wh.gone-file"), entries.keySet().toString());
        assertTrue(entries.containsKey(".wh.gone-dir"), entries.keySet().toString());
        assertTrue(entries.containsKey("opaque/.wh..wh..opq"), entries.keySet().toString());
        assertFalse(entries.containsKey("keep/gone-file") || entries.containsKey("gone-dir/"), entries.keySet().toString());
        assertTrue(entries.get("opaque/new-link").isLink());
        assertTrue(entries.values().stream().allMatch(e -> e.getExtraPaxHeaders().keySet().stream()
                .noneMatch(k -> k.contains("overlay."))), "overlay bookkeeping xattrs must not leak into the layer");

        Path layer = Files.createDirectories(dir.resolve("layer"));
        new LayerApplier().apply(new ByteArrayInputStream(tar), layer);
        TreeSnapshot actual = OverlayView.with(List.of(lower, layer), dir.resolve("view"), m -> TreeSnapshot.of(m).withoutRoot());
        assertEquals(expected, actual, expected.describeDiff(actual, 20));
    }
}
