package dev.minidocker.image.store;

import dev.minidocker.image.Digest;
import dev.minidocker.linux.crypto.Hashers;
import java.security.MessageDigest;
import java.util.HexFormat;

/** Digest checks that fail with one clear line. */
final class Digests {
    private Digests() {}

    /**
     * For in-memory content: manifests and configs, a few KiB. The JDK's hasher, not libcrypto's:
     * loading libcrypto and linking its functions costs more than hashing such sizes (and run
     * reads these on every start).
     */
    static void verify(Digest expected, byte[] content, String what) {
        MessageDigest md = Hashers.jdk(expected.algorithm().equals("sha256") ? "SHA-256" : "SHA-512");
        check(expected, HexFormat.of().formatHex(md.digest(content)), what);
    }

    static void check(Digest expected, String actualHex, String what) {
        if (!expected.hex().equals(actualHex)) {
            throw new CorruptContentException(what + " " + expected.shortHex()
                    + ": digest mismatch (got " + expected.algorithm() + ":" + actualHex + ", expected " + expected + ")");
        }
    }
}
