package dev.minidocker.image.store;

import dev.minidocker.MiniDockerException;
import dev.minidocker.fs.StoreFiles;
import dev.minidocker.image.Digest;
import dev.minidocker.image.layer.LayerApplier;
import dev.minidocker.image.layer.LayerTarWriter;
import dev.minidocker.image.layer.TarSplitRecorder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPOutputStream;

/**
 * Turns a directory in overlay form (a container's upper directory, or a tree just extracted
 * from an imported tarball) into a store layer. One pass: {@link LayerTarWriter} streams the tar
 * on one thread while it is hashed (the DiffID) and applied by {@link LayerApplier} into a temp
 * layer directory on another, its tar-split recorded on the way. The layer is thus exactly what a
 * pull of that tar would give, and the tar can be rebuilt for a push. Nothing is compressed here:
 * compression waits for a push (as docker and podman commit), so a commit costs one read and
 * one write of the changes.
 *
 * <p>Layers are deduplicated by DiffID: if the store has the layer already, the new copy is
 * dropped. A failure leaves nothing under {@code layers/} (the work happens in {@code tmp/}).
 */
public final class LayerCommitter {
    /** The layer's DiffID, the uncompressed tar's size, and whether this call added it to the store. */
    public record Committed(Digest diffId, long tarSize, boolean created) {}

    private final ImageStore store;

    public LayerCommitter(ImageStore store) {
        this.store = store;
    }

    @SuppressWarnings("try") // the lock is held for the block, never used in it
    public Committed commit(Path sourceDir) {
        try (TempDirs.TempDir tmp = store.temp().create("commit-layer")) {
            Path prepared = tmp.path().resolve("layer");
            StoreFiles.createDirectory(prepared);
            Path diff = Files.createDirectory(prepared.resolve("diff"), StoreFiles.PUBLIC_DIR);
            MessageDigest sha = Digest.newSha256();
            long[] size = new long[1];
            writeAndApply(sourceDir, diff, prepared.resolve(LayerStore.TAR_SPLIT), sha, size);
            Digest diffId = Digest.ofSha256(sha);
            try (StoreLocks.Held lock = store.locks().exclusive("layer-" + diffId.hex())) {
                if (store.layers().has(diffId)) return new Committed(diffId, size[0], false);
                return new Committed(diffId, size[0], store.layers().commit(diffId, prepared));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("commit layer from " + sourceDir + ": " + e.getMessage(), e);
        }
    }

    private static void writeAndApply(Path source, Path diff, Path split, MessageDigest sha, long[] size)
            throws IOException {
        BytePipe pipe = new BytePipe();
        AtomicReference<Throwable> writeFailure = new AtomicReference<>();
        Thread writer = Thread.ofPlatform().name("layer-tar-writer").start(() -> {
            try (OutputStream out = new HashingOutputStream(pipe.sink, sha, size)) {
                new LayerTarWriter().write(source, out);
            } catch (IOException | RuntimeException e) {
                writeFailure.set(e);
                pipe.fail(e instanceof IOException io ? io : new IOException(e.getMessage(), e));
            }
        });
        try (OutputStream log = new GZIPOutputStream(Files.newOutputStream(split), 1 << 16);
             InputStream tar = pipe.source) {
            TarSplitRecorder recorder = new TarSplitRecorder(tar, log);
            new LayerApplier().apply(recorder, diff);
            if (!recorder.finish()) throw new IllegalStateException("the layer writer produced a tar its recorder rejects");
        } catch (IOException | RuntimeException e) {
            pipe.abandon();
            join(writer);
            Throwable w = writeFailure.get();   // the writer's own error says more than "pipe closed"
            if (w instanceof MiniDockerException m) throw m;
            if (w != null) throw new IOException(w.getMessage(), w);
            throw e;
        }
        join(writer);
        Throwable w = writeFailure.get();
        if (w instanceof MiniDockerException m) throw m;
        if (w != null) throw new IOException(w.getMessage(), w);
    }

    private static void join(Thread t) {
        boolean interrupted = false;
        while (t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }
}
