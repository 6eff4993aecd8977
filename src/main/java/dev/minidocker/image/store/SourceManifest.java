package dev.minidocker.image.store;

import dev.minidocker.image.Digest;
import dev.minidocker.image.Manifest;

/**
 * A platform manifest as a source found it (the registry's ResolvedManifest, or an archive's).
 *
 * @param referenceDigest what the name's repo digest is: the index's digest when the manifest was
 *                        picked from an index (as Docker shows it), else the manifest's own
 */
public record SourceManifest(Digest digest, Manifest manifest, byte[] bytes, String mediaType, Digest referenceDigest) {
    public SourceManifest(Digest digest, Manifest manifest, byte[] bytes, String mediaType) {
        this(digest, manifest, bytes, mediaType, digest);
    }

    public SourceManifest {
        if (referenceDigest == null) referenceDigest = digest;
    }
}
