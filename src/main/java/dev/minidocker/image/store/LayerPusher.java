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
        for (CompressedBlob b : candidates) {
            for (String source : b.sources()) {
                if (!source.startsWith(registryPrefix) || source.equals(targetLocation())) continue;
                String fromRepository = source.substring(registryPrefix.length());
                PushSession.MountResult m = session.mount(b.digest(), fromRepository);
                if (m.mounted()) {
                    progress.status(diffId, "Mounted from " + fromRepository);
                    return done(diffId, b);
                }
                if (m.pendingUpload() != null) pendingUpload = m.pendingUpload();
            }
        }
        CompressedBlob local = compressor.compress(diffId);
        if (!candidates.contains(local) && session.blobExists(local.digest())) {
            progress.status(diffId, "Layer already exists");
            return done(diffId, local);
        }
        progress.status(diffId, "Pushing");
        BlobContent content;
        try {
            content = BlobContent.ofFile(store.blobs().path(local.digest()));
        } catch (IOException e) {
            throw new UncheckedIOException("read blob " + local.digest().shortHex() + ": " + e.getMessage(), e);
        }
        long total = content.size();
        session.upload(local.digest(), content, pendingUpload, n -> progress.pushing(diffId, n, total));
        progress.status(diffId, "Pushed");
        return done(diffId, local);
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
