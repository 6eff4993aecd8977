package dev.minidocker.image.store;

import dev.minidocker.image.Digest;
import dev.minidocker.image.Manifest;

/** A platform manifest as a source found it (the registry's ResolvedManifest, or an archive's). */
public record ResolvedImage(Digest digest, Manifest manifest, byte[] bytes, String mediaType) {
}
