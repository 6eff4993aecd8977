package dev.minidocker.image.registry;

import dev.minidocker.image.Digest;
import dev.minidocker.image.Manifest;

/**
 * The one image manifest a reference stands for on a platform.
 *
 * @param digest    the verified digest of the image manifest
 * @param manifest  the parsed manifest
 * @param bytes     its raw bytes
 * @param mediaType its media type (OCI or Docker schema2 manifest)
 * @param index     the index or manifest list it was selected from, or null when the reference
 *                  named the manifest directly (Docker shows the index digest as the repo digest)
 */
public record ResolvedManifest(Digest digest, Manifest manifest, byte[] bytes, String mediaType,
                               FetchedManifest index) {

    public ResolvedManifest(Digest digest, Manifest manifest, byte[] bytes, String mediaType) {
        this(digest, manifest, bytes, mediaType, null);
    }

    /** The digest a tag should record: the index's when there was one, else the manifest's. */
    public Digest referenceDigest() {
        return index != null ? index.digest() : digest;
    }
}
