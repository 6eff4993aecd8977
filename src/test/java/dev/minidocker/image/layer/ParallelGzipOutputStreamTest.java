package dev.minidocker.image.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.testing.Tools;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The parallel gzip against three independent readers: the JDK's GZIPInputStream, gzip -t and zcat. */
class ParallelGzipOutputStreamTest {
    private static final int B = ParallelGzipOutputStream.BLOCK;

    @TempDir
    Path dir;

    static byte[] gzip(byte[] data, int level, int writeSize) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ParallelGzipOutputStream gz = new ParallelGzipOutputStream(out, level)) {
            for (int off = 0; off < data.length; off += writeSize) {
                gz.write(data, off, Math.min(writeSize, data.length - off));
            }
        }
        return out.toByteArray();
    }

    static byte[] gunzip(byte[] gz) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    /** Text that compresses, with repeats reaching back across block boundaries (the dictionary's job). */
    static byte[] text(int size, long seed) {
        Random r = new Random(seed);
        StringBuilder s = new StringBuilder(size + 100);
        String[] words = {"GET", "/api/items", "200", "user=", "latency_ms=", "WARN", "retrying", "session"};
        while (s.length() < size) {
            s.append("2024-05-0").append(r.nextInt(9) + 1).append(' ').append(words[r.nextInt(words.length)])
                    .append(' ').append(r.nextInt(1000)).append('\n');
        }
        return s.substring(0, size).getBytes(StandardCharsets.US_ASCII);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, B - 1, B, B + 1, 3 * B, 5 * B + 12345})
    void roundTripsAtEverySizeAroundTheBlockBoundary(int size) throws IOException {
        byte[] data = text(size, size);
        byte[] gz = gzip(data, 6, 7777);
        assertArrayEquals(data, gunzip(gz));
    }

    @Test
    void compressesTextAndStoresRandomData() throws IOException {
        byte[] text = text(4 * B, 1);
        assertTrue(gzip(text, 1, 1 << 16).length < text.length / 3, "text must shrink");
        byte[] random = new byte[4 * B];
        new Random(2).nextBytes(random);
        byte[] gz = gzip(random, 6, 1 << 16);
        assertArrayEquals(random, gunzip(gz));
        assertTrue(gz.length < random.length + random.length / 100, "stored blocks cost well under 1%: " + gz.length);
    }

    /**
     * A layer pushed by an earlier version must compress to the same blob now, or its remembered
     * digest (and a registry's copy) would stop matching: these bytes are pinned.
     */
    @Test
    void theBytesAreTheOnesEarlierVersionsMade() throws IOException, Exception {
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        Random r = new Random(42);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; in.size() + sb.length() < (1 << 20) + 12345; i++) {
            sb.append("line ").append(i % 977).append(" of a log: value=").append(r.nextInt(1000)).append('\n');
        }
        in.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
        byte[] random = new byte[600 * 1024];
        r.nextBytes(random);
        in.write(random);
        in.write(sb.substring(0, 300000).getBytes(StandardCharsets.US_ASCII));
        byte[] data = in.toByteArray();
        assertEquals(1975332, data.length);
        byte[] gz = gzip(data, 1, 7777);
        assertEquals("6e60f60d7ba6003152efe8dd018e189d100e6bd31f655c26f41a607e690e50b8",
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(gz)));
        assertArrayEquals(data, gunzip(gz));
    }

    @Test
    void sameInputSameBytesWhateverTheWriteSizes() throws IOException {
        byte[] data = text(3 * B + 999, 3);
        assertArrayEquals(gzip(data, 6, 1), gzip(data, 6, 1 << 20));
    }

    @Test
    void gzipAndZcatAcceptIt() throws IOException, Exception {
        byte[] data = new byte[6 * B + 4321];
        byte[] text = text(data.length, 4);
        new Random(5).nextBytes(data);
        System.arraycopy(text, 0, data, 2 * B, 3 * B);   // random, text, random: stored and deflated blocks mixed
        Path file = dir.resolve("mixed.gz");
        Files.write(file, gzip(data, 6, 100_000));
        Tools.run("gzip", "-t", file.toString());
        String sum = Tools.run("sh", "-c", "zcat " + file + " | sha256sum").split(" ")[0];
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)), sum);
    }
}
