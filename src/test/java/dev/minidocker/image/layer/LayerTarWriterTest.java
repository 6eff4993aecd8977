package dev.minidocker.image.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.testing.TreeSnapshot;
import dev.minidocker.testing.XattrSnapshot;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The layer writer on trees any user can make: round trip through the applier, determinism, safety. */
class LayerTarWriterTest {
    @TempDir
    Path dir;

    static Map<String, TarArchiveEntry> entries(byte[] tar) throws IOException {
        Map<String, TarArchiveEntry> out = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar), "UTF-8")) {
            for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) out.put(e.getName(), e);
        }
        return out;
    }

    @Test
    void applyingTheTarGivesBackTheSameTree() throws IOException {
        Path src = Files.createDirectories(dir.resolve("src"));
        LayerTrees.unprivileged(src);
        byte[] tar = LayerTrees.tarOf(src);
        Path applied = Files.createDirectories(dir.resolve("applied"));
        new LayerApplier().apply(new ByteArrayInputStream(tar), applied);

        TreeSnapshot want = TreeSnapshot.of(src).withoutRoot();
        assertEquals(want, TreeSnapshot.of(applied).withoutRoot(), want.describeDiff(TreeSnapshot.of(applied).withoutRoot(), 20));
        assertEquals(XattrSnapshot.of(src), XattrSnapshot.of(applied));
        assertEquals(1_600_000_000L, Files.getLastModifiedTime(applied.resolve("etc/app/config")).toMillis() / 1000);
    }

    @Test
    void sameTreeSameBytesAndTheAppliedTreeWritesTheSameTarAgain() throws IOException {
        Path src = Files.createDirectories(dir.resolve("src"));
        LayerTrees.unprivileged(src);
        byte[] first = LayerTrees.tarOf(src);
        assertArrayEquals(first, LayerTrees.tarOf(src));
        Path applied = Files.createDirectories(dir.resolve("applied"));
        new LayerApplier().apply(new ByteArrayInputStream(first), applied);
        assertArrayEquals(first, LayerTrees.tarOf(applied), "a layer's tar must be regenerable from its directory");
    }

    @Test
    void entriesAreSortedHardlinkedAndNeverFollowSymlinks() throws IOException {
        Path src = Files.createDirectories(dir.resolve("src"));
        LayerTrees.unprivileged(src);
        Map<String, TarArchiveEntry> e = entries(LayerTrees.tarOf(src));
        assertEquals(java.util.List.of("bin/", "bin/sh", "bin/tool", "bin/tool-link"),
                e.keySet().stream().filter(n -> n.startsWith("bin")).toList());
        assertTrue(e.get("bin/tool-link").isLink());
        assertEquals("bin/tool", e.get("bin/tool-link").getLinkName());
        assertEquals(04755, e.get("bin/tool").getMode());
        assertEquals(01777, e.get("tmp/").getMode());
        assertTrue(e.get("fifo").isFIFO());
        assertEquals("/etc", e.get("escape").getLinkName());
        assertEquals("../../bin", e.get("etc/app/up").getLinkName());
        assertTrue(e.keySet().stream().noneMatch(n -> n.startsWith("escape/") || n.startsWith("etc/app/up/")),
                "a symlinked directory must not be descended into");
        assertEquals("hello", e.get("with-xattr").getExtraPaxHeaders().get("SCHILY.xattr.user.comment"));
        assertTrue(e.get("with-xattr").getExtraPaxHeaders().containsKey("LIBARCHIVE.xattr.user.binary"),
                "a binary xattr also travels base64-encoded");
        assertFalse(e.containsKey("./"), "no entry for the layer root");
    }

    @Test
    void gnuTarReadsItTheSameWay() throws IOException {
        Path src = Files.createDirectories(dir.resolve("src"));
        LayerTrees.unprivileged(src);
        Path tarFile = dir.resolve("layer.tar");
        Files.write(tarFile, LayerTrees.tarOf(src));
        Path out = Files.createDirectories(dir.resolve("gnu"));
        dev.minidocker.testing.Tools.run("tar", "--xattrs", "--xattrs-include=*", "-xpf", tarFile.toString(), "-C", out.toString());
        TreeSnapshot want = TreeSnapshot.of(src).withoutRoot();
        assertEquals(want, TreeSnapshot.of(out).withoutRoot(), want.describeDiff(TreeSnapshot.of(out).withoutRoot(), 20));
        String listing = dev.minidocker.testing.Tools.run("tar", "-tvf", tarFile.toString());
        assertTrue(listing.contains("bin/tool-link link to bin/tool"), listing);
        assertEquals("key=value\n", Files.readString(out.resolve("etc/app/config"), StandardCharsets.UTF_8));
    }
}
