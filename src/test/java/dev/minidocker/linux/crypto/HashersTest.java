package dev.minidocker.linux.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** libcrypto's digests against the JDK's, byte for byte, however the input is cut into updates. */
class HashersTest {
    @Test
    void knownVectors() {
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                hex(Hashers.sha256().digest()));
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                hex(Hashers.sha256().digest("abc".getBytes(StandardCharsets.US_ASCII))));
        assertEquals("ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                        + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
                hex(Hashers.newDigest("SHA-512").digest("abc".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void nativeOnThisMachine() {
        // The CI image (Debian 12) ships libssl3; elsewhere the fallback is what runs.
        assumeTrue(new java.io.File("/usr/lib/x86_64-linux-gnu/libcrypto.so.3").exists()
                || new java.io.File("/usr/lib/aarch64-linux-gnu/libcrypto.so.3").exists());
        assertInstanceOf(NativeDigest.class, Hashers.sha256());
        assertEquals(true, Hashers.nativeAvailable());
    }

    @ParameterizedTest
    @ValueSource(strings = {"SHA-256", "SHA-512"})
    void matchesJdkAcrossChunkBoundaries(String algorithm) throws Exception {
        SplittableRandom random = new SplittableRandom(42);
        byte[] data = new byte[3 * 1024 * 1024 + 77];
        random.nextBytes(data);
        MessageDigest ours = Hashers.newDigest(algorithm);
        for (int round = 0; round < 30; round++) {
            int length = round < 10 ? round * 37 : random.nextInt(data.length + 1);
            // Cut into updates of random size, from single bytes across block edges to MiBs.
            int pos = 0;
            while (pos < length) {
                int n = Math.min(length - pos, switch (random.nextInt(4)) {
                    case 0 -> 1;
                    case 1 -> 63 + random.nextInt(3);
                    case 2 -> random.nextInt(8192);
                    default -> random.nextInt(1 << 20);
                });
                if (n == 1 && random.nextBoolean()) ours.update(data[pos]);
                else if (random.nextBoolean()) ours.update(data, pos, n);
                else ours.update(direct(data, pos, n));
                pos += n;
            }
            byte[] expected = Hashers.jdk(algorithm).digest(java.util.Arrays.copyOf(data, length));
            assertArrayEquals(expected, ours.digest(), algorithm + " of " + length + " bytes");
        }
    }

    @Test
    void resetAndCloneKeepIndependentState() throws Exception {
        byte[] a = "layer-a".getBytes(StandardCharsets.US_ASCII), b = "-and-more".getBytes(StandardCharsets.US_ASCII);
        MessageDigest md = Hashers.sha256();
        md.update(a);
        MessageDigest copy = (MessageDigest) md.clone();
        md.update(b);
        MessageDigest jdk = Hashers.jdk("SHA-256");
        jdk.update(a);
        assertArrayEquals(jdk.digest(), copy.digest());
        jdk.update(a);
        jdk.update(b);
        assertArrayEquals(jdk.digest(), md.digest());
        md.update(b);
        md.reset();
        assertArrayEquals(Hashers.jdk("SHA-256").digest(a), md.digest(a));
        assertEquals(32, md.getDigestLength());
    }

    private static ByteBuffer direct(byte[] data, int off, int len) {
        ByteBuffer buf = ByteBuffer.allocateDirect(len + 3);
        buf.position(3);
        buf.put(data, off, len).flip().position(3);
        return buf;
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
