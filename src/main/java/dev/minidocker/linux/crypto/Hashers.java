package dev.minidocker.linux.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 and SHA-512 digests for content verification: libcrypto's when this machine has it
 * ({@link NativeDigest}), else the JDK's. Both are plain {@link MessageDigest}s. Setting the
 * system property {@code minidocker.noNativeHash=true} forces the JDK's.
 */
public final class Hashers {
    private Hashers() {}

    /** {@code algorithm} is a JDK name: "SHA-256" or "SHA-512". */
    public static MessageDigest newDigest(String algorithm) {
        var native_ = switch (algorithm) {
            case "SHA-256" -> LibCrypto.SHA256;
            case "SHA-512" -> LibCrypto.SHA512;
            default -> java.util.Optional.<LibCrypto.Functions>empty();
        };
        if (native_.isPresent()) return new NativeDigest(algorithm, native_.get());
        return jdk(algorithm);
    }

    public static MessageDigest sha256() {
        return newDigest("SHA-256");
    }

    /** True when {@link #newDigest} hashes through libcrypto. */
    public static boolean nativeAvailable() {
        return LibCrypto.SHA256.isPresent();
    }

    /** The JDK's own implementation (for comparison, and as the fallback). */
    public static MessageDigest jdk(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
