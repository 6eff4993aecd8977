package dev.minidocker.image.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.testing.Tools;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A tar made by another tool is applied with its tar-split recorded, then rebuilt from the split
 * and the extracted directory: byte for byte the original, so a pulled layer keeps its DiffID.
 */
class TarSplitTest {
    @TempDir
    Path dir;

    /** Applies {@code tar} through a recorder; returns whether the split is usable. */
    private boolean applyRecording(byte[] tar, Path layer, Path split) throws IOException {
        try (OutputStream log = new GZIPOutputStream(Files.newOutputStream(split))) {
            TarSplitRecorder rec = new TarSplitRecorder(new ByteArrayInputStream(tar), log);
            new LayerApplier().apply(rec, layer);
            return rec.finish();
        }
    }

    private byte[] assemble(Path split, Path layer) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TarSplitAssembler.assemble(split, layer, out);
        return out.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(strings = {"gnu", "posix", "ustar", "oldgnu"})
    void gnuTarArchivesAreRebuiltExactly(String format) throws IOException {
        Path src = Files.createDirectories(dir.resolve("src"));
        LayerTrees.unprivileged(src);
        if (format.equals("ustar")) {   // ustar cannot hold the long non-ASCII name or binary xattrs
            Tools.run("sh", "-c", "rm -r " + src + "/ddd*");
        }
        Files.writeString(src.resolve(".wh.gone"), "");
        Path tarFile = dir.resolve("in.tar");
        Tools.run("tar", "--format=" + format, "--xattrs", "-cf", tarFile.toString(), "-C", src.toString(), ".");
        byte[] tar = Files.readAllBytes(tarFile);
        Path layer = Files.createDirectories(dir.resolve("layer"));
        Path split = dir.resolve("split.gz");
        assertTrue(applyRecording(tar, layer, split));
        assertArrayEquals(tar, assemble(split, layer));
        assertTrue(Files.size(split) < 8192, "the split holds headers, not content: " + Files.size(split));
    }

    @Test
    void ourOwnTarIsRebuiltExactly() throws IOException {
        Path src = Files.createDirectories(dir.resolve("src"));
        LayerTrees.unprivileged(src);
        byte[] tar = LayerTrees.tarOf(src);
        Path layer = Files.createDirectories(dir.resolve("layer"));
        Path split = dir.resolve("split.gz");
        assertTrue(applyRecording(tar, layer, split));
        assertArrayEquals(tar, assemble(split, layer));
    }

    @Test
    void aChangedFileGivesOtherBytesNotAnError() throws IOException {
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.writeString(src.resolve("a"), "aaaa");
        byte[] tar = LayerTrees.tarOf(src);
        Path layer = Files.createDirectories(dir.resolve("layer"));
        Path split = dir.resolve("split.gz");
        assertTrue(applyRecording(tar, layer, split));
        Files.writeString(layer.resolve("a"), "bbbb");
        assertFalse(java.util.Arrays.equals(tar, assemble(split, layer)));
    }

    @Test
    void notATarLeavesTheSplitUnusableAndTheBytesUntouched() throws IOException {
        byte[] junk = "this is not a tar archive at all, just some text that is long enough".repeat(20).getBytes();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        TarSplitRecorder rec = new TarSplitRecorder(new ByteArrayInputStream(junk), log);
        byte[] passed;
        try (InputStream in = rec) {
            passed = in.readAllBytes();
        }
        assertArrayEquals(junk, passed);
        assertFalse(rec.finish());
    }
}
