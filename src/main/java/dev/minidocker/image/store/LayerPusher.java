package dev.minidocker.image.store;

import dev.minidocker.MiniDockerException;
import dev.minidocker.image.Descriptor;
import dev.minidocker.image.Digest;
import dev.minidocker.image.MediaTypes;
import dev.minidocker.image.registry.BlobContent;
import dev.minidocker.image.registry.PushSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Pushes one layer, cheapest way first, as docker's pusher does: a remembered compressed blob the
 * registry already has (HEAD: "Layer already exists"); one held by another repository of the
 * same registry (mount: "Mounted from REPO"); else the layer's gzip blob, compressed as it is
 * uploaded ({@link LayerCompressor}, "Pushed"). The blob's digest is remembered with the target
 * repository as one of its sources, so the next push of the layer there sends nothing.
 */
final class LayerPusher {
    /** How far a layer's compression may run ahead of its upload: two 8 MiB PATCH chunks. */
    private static final long WINDOW = 16L << 20;
    /** docker's limit too: mounts are tried from at most this many repositories. */
    private static final int MAX_MOUNT_ATTEMPTS = 3;

    /** The descriptor for the manifest, and the digest of the tar inside (the config's diff_id). */
    record Pushed(Descriptor descriptor, Digest uncompressed) {}

    private final ImageStore store;
    private final LayerCompressor compressor;
    private final PushSession session;
    private final PushProgress progress;
    private final boolean oci;

    LayerPusher(ImageStore store, LayerCompressor compressor, PushSession session, PushProgress progress, boolean oci) {
        this.store = store;
        this.compressor = compressor;
        this.session = session;
        this.progress = progress;
        this.oci = oci;
    }

    private String targetLocation() {
        return session.target().registry() + "/" + session.target().repository();
    }

    Pushed push(Digest diffId) {
        List<CompressedBlob> known = store.layerBlobs().of(diffId);
        List<CompressedBlob> candidates = candidates(diffId, known);
        for (CompressedBlob b : candidates) {
            if (session.blobExists(b.digest())) {
                progress.status(diffId, "Layer already exists");
                return done(diffId, b);
            }
        }
        String pendingUpload = null;
        String registryPrefix = session.target().registry() + "/";
        int mountAttempts = 0;
        for (CompressedBlob b : candidates) {
            for (String source : b.sources()) {
                if (!source.startsWith(registryPrefix) || source.equals(targetLocation())) continue;
                if (++mountAttempts > MAX_MOUNT_ATTEMPTS) break;   // each refusal opens an upload session
                String fromRepository = source.substring(registryPrefix.length());
                PushSession.MountResult m = session.mount(b.digest(), fromRepository);
                if (m.mounted()) {
                    progress.status(diffId, "Mounted from " + fromRepository);
                    return done(diffId, b);
                }
                if (m.pendingUpload() != null) pendingUpload = m.pendingUpload();
            }
        }
        CompressedBlob local = localBlob(known);
        if (local == null) {
            progress.status(diffId, "Pushing");
            return compressWhileUploading(diffId, pendingUpload);
        }
        if (!candidates.contains(local) && session.blobExists(local.digest())) {
            progress.status(diffId, "Layer already exists");
            return done(diffId, local);
        }
        progress.status(diffId, "Pushing");
        upload(diffId, local, pendingUpload);
        progress.status(diffId, "Pushed");
        return done(diffId, local);
    }

    /** A compressed copy in {@code blobs/} (an earlier version kept what it pushed there), or null. */
    private CompressedBlob localBlob(List<CompressedBlob> known) {
        for (CompressedBlob b : known) {
            if (b.local() && store.blobs().has(b.digest())) return b;
        }
        return null;
    }

    private void upload(Digest diffId, CompressedBlob blob, String pendingUpload) {
        BlobContent content;
        try {
            content = BlobContent.ofFile(store.blobs().path(blob.digest()));
        } catch (IOException e) {
            throw new UncheckedIOException("read blob " + blob.digest().shortHex() + ": " + e.getMessage(), e);
        }
        long total = content.size();
        session.upload(blob.digest(), content, pendingUpload, n -> progress.pushing(diffId, n, total));
    }

    /**
     * A layer the registry lacks: it is compressed on another thread while this one uploads it as
     * it grows, chunk by chunk, so compressing and sending overlap and nothing is written to disk
     * (as docker and podman stream them). If the layer's tar-split turns out stale, the
     * regenerated tar follows in a second upload.
     */
    private Pushed compressWhileUploading(Digest diffId, String pendingUpload) {
        CompressedBlob blob = streamed(diffId, pendingUpload, false);
        if (blob == null) blob = streamed(diffId, null, true);
        progress.status(diffId, "Pushed");
        return done(diffId, blob);
    }

    /** One compressed upload; null when the tar-split did not give the layer's tar (that upload is left unfinished). */
    private CompressedBlob streamed(Digest diffId, String pendingUpload, boolean regenerate) {
        long layerSize = store.layers().size(diffId);
        try (StreamedBlob blob = new StreamedBlob(WINDOW)) {
            CompletableFuture<CompressedBlob> made = new CompletableFuture<>();
            Thread compressing = Thread.ofPlatform().name("layer-compress").start(() -> {
                try {
                    made.complete(regenerate ? compressor.regenerated(diffId, blob) : compressor.compress(diffId, blob));
                } catch (Throwable t) {
                    blob.fail(t instanceof IOException io ? io : new IOException(t.getMessage(), t));
                    made.completeExceptionally(t);
                }
            });
            RuntimeException uploadFailure = null;
            try {
                session.uploadGrowing(blob, pendingUpload, n -> progress.pushing(diffId, n, layerSize));
            } catch (StreamedBlob.Superseded e) {
                // the regenerated blob follows
            } catch (IOException e) {
                uploadFailure = new UncheckedIOException(e.getMessage(), e);
            } catch (RuntimeException e) {
                uploadFailure = e;
            }
            // a failed upload stops the compressor, whose error is then only a consequence
            boolean uploadFailedFirst = uploadFailure != null && blob.fail(new IOException(uploadFailure.getMessage()));
            CompressedBlob compressed;
            try {
                compressing.join();
                compressed = made.get();
            } catch (InterruptedException e) {
                compressing.interrupt();
                Thread.currentThread().interrupt();
                throw new MiniDockerException("push interrupted");
            } catch (ExecutionException e) {
                if (uploadFailedFirst) throw uploadFailure;
                if (e.getCause() instanceof RuntimeException r) throw r;
                if (e.getCause() instanceof Error err) throw err;
                throw new UncheckedIOException("compress layer " + diffId.shortHex() + ": " + e.getCause().getMessage(),
                        e.getCause() instanceof IOException io ? io : new IOException(e.getCause()));
            }
            if (uploadFailure != null) throw uploadFailure;
            return compressed;
        }
    }

    /**
     * Known compressed forms the manifest can name: ones holding the layer's own tar first, and
     * only gzip for a Docker manifest (it has no zstd type).
     */
    private List<CompressedBlob> candidates(Digest diffId, List<CompressedBlob> known) {
        List<CompressedBlob> out = new ArrayList<>();
        List<CompressedBlob> regenerated = new ArrayList<>();
        for (CompressedBlob b : known) {
            MediaTypes.Compression c;
            try {
                c = MediaTypes.layerCompression(b.mediaType());
            } catch (RuntimeException e) {
                continue;
            }
            if (c == MediaTypes.Compression.GZIP || (oci && c == MediaTypes.Compression.ZSTD)) {
                (diffId.equals(b.uncompressed()) ? out : regenerated).add(b);
            }
        }
        out.addAll(regenerated);
        return out;
    }

    private Pushed done(Digest diffId, CompressedBlob b) {
        store.layerBlobs().remember(diffId, b.withSource(targetLocation()));
        boolean zstd = MediaTypes.layerCompression(b.mediaType()) == MediaTypes.Compression.ZSTD;
        String type = zstd ? MediaTypes.OCI_LAYER_ZSTD : oci ? MediaTypes.OCI_LAYER_GZIP : MediaTypes.DOCKER_LAYER_GZIP;
        return new Pushed(new Descriptor(type, b.digest(), b.size()), b.uncompressed() != null ? b.uncompressed() : diffId);
    }
}
