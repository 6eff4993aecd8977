package dev.minidocker.image.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.minidocker.image.MediaTypes.Compression;
import io.airlift.compress.v3.zstd.ZstdOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gzip and zstd layers decompress as streams, through to LayerApplier; broken ones fail. */
class DecompressionTest {
    @TempDir
    Path tmp;

    private static byte[] sampleTar() {
        byte[] blob = new byte[300_000];
        new Random(7).nextBytes(blob);
        return new TarBuilder().file("a/small", 0644, "small").file(TarBuilder.entry("a/blob",
                org.apache.commons.compress.archivers.tar.TarConstants.LF_NORMAL, 0644), blob).build();
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    private static byte[] zstd(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = new ZstdOutputStream(out)) {
            z.write(data);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /** Like a network stream: small reads and available() == 0 at every member boundary. */
    private static InputStream trickle(byte[] data) {
        return new FilterInputStream(new ByteArrayInputStream(data)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 1000));
            }

            @Override
            public int available() {
                return 0;
            }
        };
    }

    private byte[] roundTrip(byte[] compressed, Compression c) throws IOException {
        Path target = Files.createTempDirectory(tmp, "layer");
        try (InputStream in = Decompression.open(trickle(compressed), c)) {
            LayerStats stats = new LayerApplier().apply(in, target);
            assertEquals(2, stats.entries());
            assertEquals(300_005, stats.bytes());
        }
        return Files.readAllBytes(target.resolve("a/blob"));
    }

    @Test
    void gzipAndZstdAndPlainRoundTrip() throws IOException {
        byte[] tar = sampleTar();
        byte[] expected = Arrays.copyOfRange(tar, 1024, 1024 + 300_000);
        byte[] viaNone = roundTrip(tar, Compression.NONE);
        assertArrayEquals(viaNone, roundTrip(gzip(tar), Compression.GZIP));
        assertArrayEquals(viaNone, roundTrip(zstd(tar), Compression.ZSTD));
        assertEquals(300_000, viaNone.length);
        assertEquals(expected.length, viaNone.length);
    }

    @Test
    void multiMemberGzipAndMultiFrameZstdAreReadThrough() throws IOException {
        byte[] tar = sampleTar();
        int cut = 150_001;
        byte[] a = Arrays.copyOfRange(tar, 0, cut), b = Arrays.copyOfRange(tar, cut, tar.length);
        byte[] plain = roundTrip(tar, Compression.NONE);
        assertArrayEquals(plain, roundTrip(concat(gzip(a), gzip(b)), Compression.GZIP));
        assertArrayEquals(plain, roundTrip(concat(zstd(a), zstd(b)), Compression.ZSTD));
    }

    @Test
    void truncatedStreamsFail() throws IOException {
        byte[] tar = sampleTar();
        byte[] gz = gzip(tar), zs = zstd(tar);
        assertThrows(IOException.class, () -> roundTrip(Arrays.copyOf(gz, gz.length / 2), Compression.GZIP));
        assertThrows(IOException.class, () -> roundTrip(Arrays.copyOf(gz, gz.length - 4), Compression.GZIP));
        assertThrows(IOException.class, () -> roundTrip(Arrays.copyOf(zs, zs.length / 2), Compression.ZSTD));
        byte[] corrupt = gz.clone();
        corrupt[gz.length / 2] ^= 0x55;
        assertThrows(IOException.class, () -> roundTrip(corrupt, Compression.GZIP));
    }

    @Test
    void plainTarCutShortFails() {
        byte[] tar = sampleTar();
        Exception e = assertThrows(Exception.class, () -> roundTrip(Arrays.copyOf(tar, 100_000), Compression.NONE));
        assertEquals(true, e instanceof IOException || e instanceof LayerException, e.toString());
    }
}
