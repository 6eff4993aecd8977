package dev.minidocker.image.store;

import dev.minidocker.image.Descriptor;
import dev.minidocker.image.Digest;
import dev.minidocker.image.MediaTypes;
import dev.minidocker.image.registry.BlobContent;
import dev.minidocker.image.registry.PushSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Pushes one layer, cheapest way first, as docker's pusher does: a remembered compressed blob the
 * registry already has (HEAD: "Layer already exists"); one held by another repository of the
 * same registry (mount: "Mounted from REPO"); else the layer's gzip blob, made once
 * ({@link LayerCompressor}), uploaded ("Pushed"). The target repository is then remembered as a
 * source of the blob.
 */
final class LayerPusher {
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
        List<CompressedBlob> candidates = candidates(diffId);
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
        CompressedBlob local = localBlob(diffId);
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

    /** A compressed copy in {@code blobs/} from an earlier push, or null. */
    private CompressedBlob localBlob(Digest diffId) {
        for (CompressedBlob b : store.layerBlobs().of(diffId)) {
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
     * The first push of a layer: it is compressed on another thread while this one uploads the
     * compressed file as it grows, chunk by chunk, so compressing and sending overlap (as docker
     * and podman stream them). If the layer's tar-split turns out stale, the regenerated blob is
     * uploaded from its file afterwards.
     */
    private Pushed compressWhileUploading(Digest diffId, String pendingUpload) {
        long layerSize = store.layers().size(diffId);
        try (GrowingBlob growing = new GrowingBlob()) {
            java.util.concurrent.CompletableFuture<CompressedBlob> made = new java.util.concurrent.CompletableFuture<>();
            Thread compressing = Thread.ofPlatform().name("layer-compress").start(() -> {
                try {
                    made.complete(compressor.compress(diffId, growing));
                } catch (Throwable t) {
                    made.completeExceptionally(t);
                }
            });
            Digest uploaded = null;
            RuntimeException uploadFailure = null;
            try {
                uploaded = session.uploadGrowing(growing, pendingUpload, n -> progress.pushing(diffId, n, layerSize));
            } catch (GrowingBlob.Superseded e) {
                // the regenerated blob follows below
            } catch (IOException e) {
                uploadFailure = new UncheckedIOException(e.getMessage(), e);
            } catch (RuntimeException e) {
                uploadFailure = e;
            }
            CompressedBlob local = join(compressing, made);   // the compressor's own error comes first
            if (uploadFailure != null) throw uploadFailure;
            if (!local.digest().equals(uploaded)) upload(diffId, local, null);
            progress.status(diffId, "Pushed");
            return done(diffId, local);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    private static CompressedBlob join(Thread t, java.util.concurrent.CompletableFuture<CompressedBlob> made) {
        try {
            t.join();
            return made.get();
        } catch (InterruptedException e) {
            t.interrupt();
            Thread.currentThread().interrupt();
            throw new dev.minidocker.MiniDockerException("push interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new dev.minidocker.MiniDockerException(e.getCause().getMessage(), e.getCause());
        }
    }

    /**
     * Known compressed forms the manifest can name: ones holding the layer's own tar first, and
     * only gzip for a Docker manifest (it has no zstd type).
     */
    private List<CompressedBlob> candidates(Digest diffId) {
        List<CompressedBlob> out = new ArrayList<>();
        List<CompressedBlob> regenerated = new ArrayList<>();
        for (CompressedBlob b : store.layerBlobs().of(diffId)) {
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
