package dev.minidocker.image;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.minidocker.linux.crypto.Hashers;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** A content digest such as {@code sha256:e3b0...}; only sha256 and sha512 are accepted. */
public record Digest(String algorithm, String hex) {
    private static final Pattern SHA256 = Pattern.compile("[a-f0-9]{64}");
    private static final Pattern SHA512 = Pattern.compile("[a-f0-9]{128}");

    public Digest {
        Pattern p = switch (algorithm) {
            case "sha256" -> SHA256;
            case "sha512" -> SHA512;
            default -> throw new InvalidReferenceException("unsupported digest algorithm: " + algorithm);
        };
        if (!p.matcher(hex).matches()) {
            throw new InvalidReferenceException("invalid " + algorithm + " digest: " + hex);
        }
    }

    @JsonCreator
    public static Digest parse(String s) {
        int colon = s.indexOf(':');
        if (colon <= 0) throw new InvalidReferenceException("invalid digest: " + s);
        return new Digest(s.substring(0, colon), s.substring(colon + 1));
    }

    /**
     * Of bytes in memory (a config, a manifest: small): the JDK's SHA-256, which is ready at once,
     * where binding libcrypto first costs ~40 ms that a push or pull would pay before its layers start.
     */
    public static Digest sha256(byte[] data) {
        MessageDigest md = data.length < (1 << 20) ? Hashers.jdk("SHA-256") : newSha256();
        return new Digest("sha256", HexFormat.of().formatHex(md.digest(data)));
    }

    public static Digest ofSha256(MessageDigest md) {
        return new Digest("sha256", HexFormat.of().formatHex(md.digest()));
    }

    /** libcrypto's SHA-256 where present (fast without C2), else the JDK's: see {@link Hashers}. */
    public static MessageDigest newSha256() {
        return Hashers.sha256();
    }

    public MessageDigest newHasher() {
        return Hashers.newDigest(algorithm.equals("sha256") ? "SHA-256" : "SHA-512");
    }

    /** The first 12 hex characters, as Docker shows image ids. */
    public String shortHex() {
        return hex.substring(0, 12);
    }

    @JsonValue
    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }
}
