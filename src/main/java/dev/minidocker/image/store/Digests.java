package dev.minidocker.image.store;

import dev.minidocker.image.Digest;
import java.security.MessageDigest;
import java.util.HexFormat;

/** Digest checks that fail with one clear line. */
final class Digests {
    private Digests() {}

    static void verify(Digest expected, byte[] content, String what) {
        MessageDigest md = expected.newHasher();
        check(expected, HexFormat.of().formatHex(md.digest(content)), what);
    }

    static void check(Digest expected, String actualHex, String what) {
        if (!expected.hex().equals(actualHex)) {
            throw new CorruptContentException(what + " " + expected.shortHex()
                    + ": digest mismatch (got " + expected.algorithm() + ":" + actualHex + ", expected " + expected + ")");
        }
    }
}
