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
    public CompressedBlob compress(Digest diffId) {
        return compress(diffId, null);
    }

    /**
     * As {@link #compress(Digest)}, reporting the file as it is written to {@code growing} (when
     * not null), so that an upload can follow it: {@link GrowingBlob#complete} at the end, or
     * {@link GrowingBlob.Superseded} when the first attempt turned out not to be the layer's tar.
     */
    @SuppressWarnings("try") // the lock is held for the block, never used in it
    CompressedBlob compress(Digest diffId, GrowingBlob growing) {
        try (StoreLocks.Held lock = store.locks().exclusive("compress-" + diffId.hex())) {
            for (CompressedBlob b : store.layerBlobs().of(diffId)) {
                if (b.local() && store.blobs().has(b.digest())) {
                    if (growing != null) {
                        growing.attach(store.blobs().path(b.digest()));
                        growing.complete(b.digest(), b.size());
                    }
                    return b;
                }
            }
            Path split = store.layers().tarSplit(diffId);
            CompressedBlob made = null;
            if (Files.isRegularFile(split)) {
                made = write(diffId, growing, out -> TarSplitAssembler.assemble(split, store.layers().diffDir(diffId), out));
                if (!made.uncompressed().equals(diffId)) {
                    store.blobs().delete(made.digest());   // not the layer's tar: regenerate instead
                    if (growing != null) growing.fail(new GrowingBlob.Superseded());
                    made = null;
                }
            }
            if (made == null) {
                made = write(diffId, null, out -> new LayerTarWriter().write(store.layers().diffDir(diffId), out));
            }
            store.layerBlobs().remember(diffId, made);
            return made;
        } catch (IOException e) {
            if (growing != null) growing.fail(e);
            throw new UncheckedIOException("compress layer " + diffId.shortHex() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (growing != null) growing.fail(new IOException(e.getMessage(), e));
            throw e;
        }
    }

    private interface TarSource {
        void writeTo(OutputStream out) throws IOException;
    }

    private CompressedBlob write(Digest diffId, GrowingBlob growing, TarSource source) throws IOException {
        try (TempDirs.TempDir tmp = store.temp().create("compress-" + diffId.shortHex())) {
            Path file = tmp.path().resolve("blob");
            MessageDigest tarSha = Digest.newSha256(), blobSha = Digest.newSha256();
            long[] tarSize = new long[1], blobSize = new long[1];
            OutputStream raw = Files.newOutputStream(file);
            if (growing != null) {
                growing.attach(file);
                raw = new ReportingOutputStream(raw, growing);
            }
            try (OutputStream disk = new BufferedOutputStream(raw, 1 << 18);
                 OutputStream blob = new HashingOutputStream(disk, blobSha, blobSize);
                 ParallelGzipOutputStream gzip = new ParallelGzipOutputStream(blob, level);
                 OutputStream tar = new HashingOutputStream(gzip, tarSha, tarSize)) {
                source.writeTo(tar);
            }
            Digest digest = Digest.ofSha256(blobSha);
            Digest uncompressed = Digest.ofSha256(tarSha);
            if (growing != null && uncompressed.equals(diffId)) growing.complete(digest, blobSize[0]);
            Path target = store.blobs().path(digest);
            StoreFiles.createDirectories(target.getParent());
            try {
                Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                if (!Files.isRegularFile(target)) throw e;   // same content, already there
            }
            return new CompressedBlob(digest, blobSize[0], MediaTypes.OCI_LAYER_GZIP, uncompressed,
                    java.util.List.of(), true);
        }
    }

    /** Tells the reader how much of the file is written (below the buffer: what is really in the file). */
    private static final class ReportingOutputStream extends java.io.FilterOutputStream {
        private final GrowingBlob growing;
        private long written;

        ReportingOutputStream(OutputStream out, GrowingBlob growing) {
            super(out);
            this.growing = growing;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            written += len;
            growing.advanced(written);
        }
    }
}
