package dev.minidocker.image.store;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.minidocker.image.Digest;
import java.util.ArrayList;
import java.util.List;

/**
 * One compressed form of a layer, as a registry knows it.
 *
 * @param digest       the blob's digest (what a manifest lists)
 * @param size         its size in bytes
 * @param mediaType    its media type (gzip, zstd, ...)
 * @param uncompressed the digest of the tar inside: the layer's DiffID, or for a layer whose
 *                     original tar could not be rebuilt, the digest of the tar regenerated from
 *                     its directory (a push then rewrites the config's diff_ids)
 * @param sources      "registry/repository" names known to hold this blob (pulled from, pushed
 *                     to), the candidates for a cross-repository mount
 * @param local        whether {@code blobs/} keeps a copy (made by a push; pulls keep none)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CompressedBlob(Digest digest, long size, String mediaType, Digest uncompressed,
                             List<String> sources, boolean local) {
    public CompressedBlob {
        sources = sources == null ? List.of() : List.copyOf(sources);
    }

    /** The same blob also known to be in {@code source} (null: nothing new). */
    public CompressedBlob withSource(String source) {
        if (source == null || sources.contains(source)) return this;
        List<String> all = new ArrayList<>(sources);
        all.add(source);
        return new CompressedBlob(digest, size, mediaType, uncompressed, all, local);
    }

    /** Merges what two records say about the same digest. */
    CompressedBlob merge(CompressedBlob other) {
        CompressedBlob m = new CompressedBlob(digest, size, mediaType, uncompressed, sources, local || other.local);
        for (String s : other.sources) m = m.withSource(s);
        return m;
    }
}
