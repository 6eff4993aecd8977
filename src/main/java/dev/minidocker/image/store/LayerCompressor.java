package dev.minidocker.image.store;

import dev.minidocker.image.Digest;
import dev.minidocker.image.MediaTypes;
import dev.minidocker.image.layer.LayerTarWriter;
import dev.minidocker.image.layer.ParallelGzipOutputStream;
import dev.minidocker.image.layer.TarSplitAssembler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;

/**
 * Makes the gzip blob of a store layer, for a push, streaming it into a {@link StreamedBlob}
 * that is uploaded as it grows: the layer's tar is rebuilt exactly from its tar-split and
 * directory ({@link TarSplitAssembler}), hashed as it streams (it must give the DiffID back),
 * compressed on every core ({@link ParallelGzipOutputStream}) and hashed again. Nothing is written
 * to disk (writing the blob cost ~20% of a first push's CPU, as much as hashing and tar together)
 * and no layer is held in memory.
 *
 * <p>A layer without a usable tar-split (stored before they were recorded, or whose files no
 * longer give the original bytes) gets {@link LayerTarWriter}'s tar instead: a valid layer of the
 * same files but another DiffID, which the returned blob's {@code uncompressed} says, so the
 * push rewrites the config's diff_ids for it.
 */
public final class LayerCompressor {
    /** zlib level: 1 measured best here (CPU is the limit of a push; see bench/push.sh). */
    static final int DEFAULT_LEVEL = 1;

    private final ImageStore store;
    private final int level;

    public LayerCompressor(ImageStore store, int level) {
        this.store = store;
        this.level = level;
    }

    /**
     * The layer's own tar (from its tar-split; the regenerated one when it has none), into
     * {@code sink}, completed with its digest. Null, and the sink failed with {@link
     * StreamedBlob.Superseded}, when the tar-split did not give the layer's tar back: then
     * {@link #regenerated} is the way.
     */
    CompressedBlob compress(Digest diffId, StreamedBlob sink) throws IOException {
        Path split = store.layers().tarSplit(diffId);
        if (!Files.isRegularFile(split)) return regenerated(diffId, sink);
        CompressedBlob made = write(sink, out -> TarSplitAssembler.assemble(split, store.layers().diffDir(diffId), out));
        if (!made.uncompressed().equals(diffId)) {
            sink.fail(new StreamedBlob.Superseded());
            return null;
        }
        sink.complete(made.digest(), made.size());
        return made;
    }

    /** {@link LayerTarWriter}'s tar of the layer's files, into {@code sink}, completed with its digest. */
    CompressedBlob regenerated(Digest diffId, StreamedBlob sink) throws IOException {
        CompressedBlob made = write(sink, out -> new LayerTarWriter().write(store.layers().diffDir(diffId), out));
        sink.complete(made.digest(), made.size());
        return made;
    }

    private interface TarSource {
        void writeTo(OutputStream out) throws IOException;
    }

    private CompressedBlob write(StreamedBlob sink, TarSource source) throws IOException {
        MessageDigest tarSha = Digest.newSha256(), blobSha = Digest.newSha256();
        long[] tarSize = new long[1], blobSize = new long[1];
        OutputStream blob = new HashingOutputStream(sink.sink, blobSha, blobSize);
        try (ParallelGzipOutputStream gzip = new ParallelGzipOutputStream(blob, level);
             OutputStream tar = new HashingOutputStream(gzip, tarSha, tarSize)) {
            source.writeTo(tar);
        }
        return new CompressedBlob(Digest.ofSha256(blobSha), blobSize[0], MediaTypes.OCI_LAYER_GZIP,
                Digest.ofSha256(tarSha), List.of(), false);
    }
}
