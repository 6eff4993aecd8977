package dev.minidocker.image.store;

import dev.minidocker.fs.StoreFiles;
import dev.minidocker.image.Digest;
import dev.minidocker.image.MediaTypes;
import dev.minidocker.image.layer.LayerTarWriter;
import dev.minidocker.image.layer.ParallelGzipOutputStream;
import dev.minidocker.image.layer.TarSplitAssembler;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;

/**
 * Makes (once) the gzip blob of a store layer, for a push: the layer's tar is rebuilt exactly
 * from its tar-split and directory ({@link TarSplitAssembler}), hashed as it streams (it must give
 * the DiffID back), compressed on every core ({@link ParallelGzipOutputStream}), hashed again and
 * written to {@code blobs/sha256/<digest>}; {@link LayerBlobs} remembers it, so the next push of
 * the layer finds the digest without compressing. Never holds a layer in memory.
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

    /** The layer's local gzip blob, made now unless the store has it. */
    @SuppressWarnings("try") // the lock is held for the block, never used in it
    public CompressedBlob compress(Digest diffId) {
        try (StoreLocks.Held lock = store.locks().exclusive("compress-" + diffId.hex())) {
            for (CompressedBlob b : store.layerBlobs().of(diffId)) {
                if (b.local() && store.blobs().has(b.digest())) return b;
            }
            Path split = store.layers().tarSplit(diffId);
            CompressedBlob made = null;
            if (Files.isRegularFile(split)) {
                made = write(diffId, out -> TarSplitAssembler.assemble(split, store.layers().diffDir(diffId), out));
                if (!made.uncompressed().equals(diffId)) {
                    store.blobs().delete(made.digest());   // not the layer's tar: regenerate instead
                    made = null;
                }
            }
            if (made == null) made = write(diffId, out -> new LayerTarWriter().write(store.layers().diffDir(diffId), out));
            store.layerBlobs().remember(diffId, made);
            return made;
        } catch (IOException e) {
            throw new UncheckedIOException("compress layer " + diffId.shortHex() + ": " + e.getMessage(), e);
        }
    }

    private interface TarSource {
        void writeTo(OutputStream out) throws IOException;
    }

    private CompressedBlob write(Digest diffId, TarSource source) throws IOException {
        try (TempDirs.TempDir tmp = store.temp().create("compress-" + diffId.shortHex())) {
            Path file = tmp.path().resolve("blob");
            MessageDigest tarSha = Digest.newSha256(), blobSha = Digest.newSha256();
            long[] tarSize = new long[1], blobSize = new long[1];
            try (OutputStream disk = new BufferedOutputStream(Files.newOutputStream(file), 1 << 18);
                 OutputStream blob = new LayerCommitter.HashingOutputStream(disk, blobSha, blobSize);
                 ParallelGzipOutputStream gzip = new ParallelGzipOutputStream(blob, level);
                 OutputStream tar = new LayerCommitter.HashingOutputStream(gzip, tarSha, tarSize)) {
                source.writeTo(tar);
            }
            Digest digest = Digest.ofSha256(blobSha);
            Path target = store.blobs().path(digest);
            StoreFiles.createDirectories(target.getParent());
            try {
                Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                if (!Files.isRegularFile(target)) throw e;   // same content, already there
            }
            return new CompressedBlob(digest, blobSize[0], MediaTypes.OCI_LAYER_GZIP, Digest.ofSha256(tarSha),
                    java.util.List.of(), true);
        }
    }
}
