package dev.minidocker.image.registry;

import dev.minidocker.MiniDockerException;
import dev.minidocker.image.Digest;
import dev.minidocker.image.ImageNotFoundException;
import dev.minidocker.image.ImageReference;
import dev.minidocker.image.MediaTypes;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;

/** GET /v2/&lt;repo&gt;/manifests/&lt;ref&gt;: the bytes, their media type, and a verified digest. */
final class ManifestFetcher {
    /** containerd's limit; a manifest is a few KiB, anything near this is not one. */
    static final int MAX_MANIFEST_BYTES = 4 << 20;
    /** Schema1 types go last, so that old registries answer with them and we can say so clearly. */
    static final String ACCEPT = MediaTypes.MANIFEST_ACCEPT + ", " + MediaTypes.DOCKER_SCHEMA1_SIGNED
            + ", " + MediaTypes.DOCKER_SCHEMA1;

    private final RegistryHttp http;

    ManifestFetcher(RegistryHttp http) {
        this.http = http;
    }

    static String scope(ImageReference ref) {
        return "repository:" + ref.repository() + ":pull";
    }

    /** The reference as users typed it: {@code busybox:latest}, {@code 127.0.0.1:5000/x@sha256:...}. */
    static String display(ImageReference ref) {
        return ref.familiarName() + (ref.tag() != null ? ":" + ref.tag() : "") + (ref.digest() != null ? "@" + ref.digest() : "");
    }

    static AccessDeniedException accessDenied(ImageReference ref) {
        return new AccessDeniedException("pull access denied for " + ref.familiarName()
                + ", repository does not exist or may require 'mini-docker login'");
    }

    FetchedManifest fetch(ImageReference ref) {
        String path = "/v2/" + ref.repository() + "/manifests/" + ref.manifestReference();
        String what = "manifest for " + display(ref);
        byte[] bytes;
        String contentType;
        String headerDigest;
        try (RegistryResponse r = http.get(ref.registry(), path, scope(ref), ACCEPT, what, null)) {
            if (!r.ok()) throw failure(ref, r, path);
            bytes = r.readAtMost(MAX_MANIFEST_BYTES + 1);
            if (bytes.length > MAX_MANIFEST_BYTES) {
                throw new RegistryException(what + " is larger than " + (MAX_MANIFEST_BYTES >> 20) + " MiB: refusing it");
            }
            contentType = mediaTypeOf(r.header("Content-Type"));
            headerDigest = r.header("Docker-Content-Digest");
        } catch (IOException e) {
            throw new RegistryException("read " + what + ": " + RetryingSender.describe(e), e);
        }
        return new FetchedManifest(bytes, contentType, verify(ref, bytes, headerDigest));
    }

    private static MiniDockerException failure(ImageReference ref, RegistryResponse r, String path) {
        if (r.status() == 401 || r.status() == 403) {
            r.close();
            return accessDenied(ref);
        }
        if (r.status() == 404) {
            byte[] body = RegistryErrors.drain(r);
            if ("NAME_UNKNOWN".equals(RegistryErrors.code(body))) {
                return new ImageNotFoundException(accessDenied(ref).getMessage());
            }
            String msg = RegistryErrors.message(body);
            return new ImageNotFoundException("manifest for " + display(ref) + " not found: "
                    + (msg != null ? msg : "manifest unknown"));
        }
        return RegistryErrors.unexpected(ref.registry(), r, "GET " + path);
    }

    /**
     * By digest: the bytes must hash to it. By tag: the digest is computed from the bytes, and a
     * Docker-Content-Digest header, when present, must agree with them.
     */
    static Digest verify(ImageReference ref, byte[] bytes, String headerDigest) {
        if (ref.digest() != null) {
            Digest actual = hash(ref.digest(), bytes);
            if (!actual.equals(ref.digest())) {
                throw new DigestMismatchException("manifest for " + display(ref) + " has digest " + actual
                        + ": the registry sent content that does not match the requested digest");
            }
            return ref.digest();
        }
        Digest computed = Digest.sha256(bytes);
        if (headerDigest == null || headerDigest.isBlank()) return computed;
        Digest claimed;
        try {
            claimed = Digest.parse(headerDigest.trim());
        } catch (RuntimeException e) {
            return computed; // an unreadable header is no evidence either way; the bytes are
        }
        Digest actual = hash(claimed, bytes);
        if (!actual.equals(claimed)) {
            throw new DigestMismatchException("manifest for " + display(ref) + " has digest " + actual
                    + " but the registry says Docker-Content-Digest " + claimed);
        }
        return claimed;
    }

    static Digest hash(Digest like, byte[] bytes) {
        MessageDigest md = like.newHasher();
        return new Digest(like.algorithm(), HexFormat.of().formatHex(md.digest(bytes)));
    }

    /** "application/vnd.oci.image.index.v1+json; charset=utf-8" -> the bare type, or null. */
    static String mediaTypeOf(String contentType) {
        if (contentType == null) return null;
        int semi = contentType.indexOf(';');
        String t = (semi >= 0 ? contentType.substring(0, semi) : contentType).trim().toLowerCase(Locale.ROOT);
        return t.isEmpty() ? null : t;
    }
}
