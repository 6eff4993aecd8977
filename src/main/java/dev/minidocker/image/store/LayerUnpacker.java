package dev.minidocker.image.store;

import dev.minidocker.MiniDockerException;
import dev.minidocker.fs.StoreFiles;
import dev.minidocker.image.Descriptor;
import dev.minidocker.image.Digest;
import dev.minidocker.image.MediaTypes;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import dev.minidocker.image.layer.TarSplitRecorder;

/**
 * Brings one layer into the store: under the layer's lock, stream the blob through a hash,
 * decompress, hash again, apply the tar into a temp dir, verify blob digest AND DiffID, then
 * rename into {@code layers/}. A stream that breaks mid-way is retried from scratch; content that
 * arrives whole but wrong is not (retrying cannot fix it).
 */
public final class LayerUnpacker {
    /** What happened to a layer. */
    public enum Outcome { EXTRACTED, ALREADY_EXISTS }

    /** Opens the blob again for each attempt. */
    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }

    private final ImageStore store;
    private final LayerWriter writer;
    private final int maxAttempts;

    public LayerUnpacker(ImageStore store, LayerWriter writer, int maxAttempts) {
        this.store = store;
        this.writer = writer;
        this.maxAttempts = Math.max(1, maxAttempts);
    }

    @SuppressWarnings("try") // the lock is held for the block, never used in it
    public Outcome unpack(Descriptor blob, Digest diffId, Opener opener, PullProgress progress) {
        return unpack(blob, diffId, null, opener, progress);
    }

    /**
     * As above; {@code source} ("registry/repository", or null) is remembered with the blob's
     * digest ({@link LayerBlobs}), so a later push can mount the blob from there.
     */
    public Outcome unpack(Descriptor blob, Digest diffId, String source, Opener opener, PullProgress progress) {
        MediaTypes.Compression compression = MediaTypes.layerCompression(blob.mediaType());
        try (StoreLocks.Held lock = store.locks().exclusive("layer-" + diffId.hex())) {
            // Another puller (thread or process) may have finished it while we waited.
            if (store.layers().has(diffId)) return Outcome.ALREADY_EXISTS;
            CompressedBlob known = new CompressedBlob(blob.digest(), blob.size(), blob.mediaType(), diffId,
                    source == null ? List.of() : List.of(source), false);
            for (int attempt = 1; ; attempt++) {
                try {
                    extractOnce(blob, diffId, compression, opener, progress, known);
                    return Outcome.EXTRACTED;
                } catch (IOException | UncheckedIOException e) {
                    if (e instanceof InterruptedIOException || Thread.currentThread().isInterrupted()
                            || attempt >= maxAttempts) {
                        throw new MiniDockerException("layer " + blob.digest().shortHex() + ": "
                                + rootMessage(e) + (attempt > 1 ? " (after " + attempt + " attempts)" : ""), e);
                    }
                    progress.status(blob.digest(), "Retrying in 1 second");
                    sleepBeforeRetry(attempt);
                }
            }
        }
    }

    private void extractOnce(Descriptor blob, Digest diffId, MediaTypes.Compression compression,
                             Opener opener, PullProgress progress, CompressedBlob known) throws IOException {
        try (TempDirs.TempDir tmp = store.temp().create("layer-" + diffId.shortHex())) {
            Path prepared = tmp.path().resolve("layer");
            Path diff = prepared.resolve("diff");
            StoreFiles.createDirectory(prepared);
            // diff/ is a container's / when it is the top layer of a container without an upper dir
            Files.createDirectory(diff, StoreFiles.PUBLIC_DIR);
            long total = blob.size() > 0 ? blob.size() : -1;
            progress.downloading(blob.digest(), 0, total);
            try (InputStream raw = opener.open();
                 HashingInputStream compressed = new HashingInputStream(raw, blob.digest().newHasher(),
                         n -> progress.downloading(blob.digest(), n, total))) {
                HashingInputStream tar = new HashingInputStream(writer.decompress(compressed, compression),
                        diffId.newHasher(), n -> { });
                Path split = prepared.resolve(LayerStore.TAR_SPLIT);
                try (OutputStream splitLog = new GZIPOutputStream(Files.newOutputStream(split), 1 << 16)) {
                    // The tar-split is recorded beneath the applier: with diff/ it rebuilds this exact tar for a push.
                    TarSplitRecorder recorder = new TarSplitRecorder(tar, splitLog);
                    writer.apply(recorder, diff);
                    if (!recorder.finish()) Files.delete(split);
                    tar.drain();
                } catch (IOException | RuntimeException e) {
                    // Bad tar, or a broken stream? If the blob still arrives whole and verified, the
                    // content itself is bad: report that rather than retrying.
                    if (e instanceof InterruptedIOException) throw e;
                    if (drainQuietly(compressed)) {
                        // The stream ended normally, so the source sent all it had: a retry gets the same bytes.
                        verifyBlob(blob, compressed);
                        throw new CorruptContentException("layer " + blob.digest().shortHex() + ": " + rootMessage(e));
                    }
                    throw e instanceof IOException io ? io : new IOException(rootMessage(e), e);
                }
                compressed.drain();
                verifyBlob(blob, compressed);
                Digests.check(diffId, tar.hex(), "layer " + blob.digest().shortHex() + " DiffID");
            }
            progress.status(blob.digest(), "Download complete");
            LayerBlobs.writeInitial(prepared, known);
            store.layers().commit(diffId, prepared);
        }
    }

    /** True when the rest of the stream could be read to its end. */
    private static boolean drainQuietly(HashingInputStream in) {
        try {
            in.drain();
            return true;
        } catch (IOException | RuntimeException e) {
            return false; // the stream itself is broken
        }
    }

    private static void verifyBlob(Descriptor blob, HashingInputStream compressed) {
        String what = "layer " + blob.digest().shortHex();
        // Only called after the stream ended normally (a dropped connection throws instead), so a
        // size difference is the source's content, not a transfer accident: not retryable.
        if (blob.size() > 0 && compressed.count() != blob.size()) {
            throw new CorruptContentException(what + ": size mismatch (got " + compressed.count()
                    + " bytes, expected " + blob.size() + ")");
        }
        Digests.check(blob.digest(), compressed.hex(), what);
    }

    private static void sleepBeforeRetry(int attempt) {
        try {
            Thread.sleep(Math.min(4000L, 250L << attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && (t.getMessage() == null || t instanceof UncheckedIOException)) t = t.getCause();
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }
}
