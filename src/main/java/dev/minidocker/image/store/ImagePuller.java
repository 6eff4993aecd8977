package dev.minidocker.image.store;

import dev.minidocker.MiniDockerException;
import dev.minidocker.image.Descriptor;
import dev.minidocker.image.Digest;
import dev.minidocker.image.ImageConfig;
import dev.minidocker.image.ImageReference;
import dev.minidocker.image.Manifest;
import dev.minidocker.image.MediaTypes;
import dev.minidocker.image.UnsupportedMediaTypeException;
import dev.minidocker.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Pulls (or loads) one image into the store: resolve the manifest, fetch and verify the config,
 * stream the missing layers in parallel through {@link LayerUnpacker}, then store the manifest and
 * config blobs and record the tag, in that order, so the tag only ever names a complete image.
 * The whole pull holds the store's {@code gc} lock shared, so {@code rmi} cannot collect a layer
 * this pull has extracted but not yet recorded.
 */
public final class ImagePuller {
    private final ImageStore store;
    private final LayerUnpacker unpacker;
    private final int maxConcurrent;
    private final PullProgress progress;

    public ImagePuller(ImageStore store, LayerWriter writer, int maxConcurrent, PullProgress progress) {
        if (maxConcurrent < 1) throw new MiniDockerException("max concurrent downloads must be at least 1");
        this.store = store;
        this.unpacker = new LayerUnpacker(store, writer, 3);
        this.maxConcurrent = maxConcurrent;
        this.progress = progress;
    }

    /** Pulls from a registry {@code source}; {@code ref} names the result and its repo digest. */
    public PullResult pull(ImageReference ref, ImageSource source) {
        return importImage(ref, source, true);
    }

    /**
     * Imports from any source; {@code ref} (null for an untagged load) is tagged, and recorded as
     * a repo digest only when {@code registryDigest} (a load's manifest is not the registry's).
     */
    @SuppressWarnings("try") // the lock is held for the block, never used in it
    public PullResult importImage(ImageReference ref, ImageSource source, boolean registryDigest) {
        store.cleanStale();
        try (StoreLocks.Held gc = store.locks().shared("gc")) {
            SourceManifest resolved = source.resolve();
            Digests.verify(resolved.digest(), resolved.bytes(), "manifest");
            Manifest manifest = resolved.manifest();
            if (manifest == null || manifest.config() == null || manifest.layers() == null) {
                throw new UnsupportedMediaTypeException("manifest " + resolved.digest().shortHex()
                        + " has no config or layers (media type " + resolved.mediaType() + ")");
            }
            progress.manifestFound();
            byte[] configBytes = fetchConfig(source, manifest.config());
            ImageConfig config = parseConfig(configBytes, manifest.config().digest());
            List<Digest> diffIds = config.rootfs() == null || config.rootfs().diffIds() == null
                    ? List.of() : config.rootfs().diffIds();
            if (diffIds.size() != manifest.layers().size()) {
                throw new CorruptContentException("image config " + manifest.config().digest().shortHex() + " lists "
                        + diffIds.size() + " layers but the manifest has " + manifest.layers().size());
            }
            for (Descriptor l : manifest.layers()) MediaTypes.layerCompression(l.mediaType()); // fail early
            Digest imageId = manifest.config().digest();
            ImageDb.Snapshot before = store.db().read();
            boolean wasCurrent = ref != null && before.images().containsKey(imageId.toString())
                    && (ref.tag() == null || imageId.equals(before.tags().get(ref.withTag(ref.tag()).toString())));

            int extracted = fetchLayers(source, manifest.layers(), diffIds);

            store.blobs().put(imageId, configBytes, "image config");
            store.blobs().put(resolved.digest(), resolved.bytes(), "manifest");
            long size = diffIds.stream().distinct().mapToLong(store.layers()::size).sum();
            List<String> repoDigests = registryDigest && ref != null
                    ? List.of(ImageStore.repoDigest(ref, resolved.referenceDigest())) : List.of();
            store.record(ref, new ImageRecord(imageId, resolved.digest(), resolved.mediaType(), diffIds, size, repoDigests),
                    false);
            return new PullResult(ref, resolved.referenceDigest(), imageId, !wasCurrent || extracted > 0, extracted);
        }
    }

    private int fetchLayers(ImageSource source, List<Descriptor> layers, List<Digest> diffIds) {
        // One job per distinct DiffID; present ones are known from the config before any download.
        Map<Digest, Descriptor> missing = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            Descriptor blob = layers.get(i);
            Digest diffId = diffIds.get(i);
            if (store.layers().has(diffId)) {
                rememberSource(source, blob, diffId);
                progress.status(blob.digest(), "Already exists");
            } else if (missing.putIfAbsent(diffId, blob) == null) {
                progress.status(blob.digest(), "Pulling fs layer");
            }
        }
        if (missing.isEmpty()) return 0;
        AtomicInteger extracted = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(maxConcurrent, missing.size()), r -> {
            Thread t = new Thread(r, "layer-pull");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (var e : missing.entrySet()) {
                Descriptor blob = e.getValue();
                jobs.add(pool.submit(() -> {
                    var outcome = unpacker.unpack(blob, e.getKey(), source.location(), () -> source.openBlob(blob), progress);
                    if (outcome == LayerUnpacker.Outcome.EXTRACTED) extracted.incrementAndGet();
                    else rememberSource(source, blob, e.getKey());
                    progress.status(blob.digest(), outcome == LayerUnpacker.Outcome.EXTRACTED
                            ? "Pull complete" : "Already exists");
                    return null;
                }));
            }
            for (Future<?> f : jobs) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    jobs.forEach(j -> j.cancel(true));
                    throw unwrap(e.getCause());
                }
            }
            return extracted.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MiniDockerException("pull interrupted");
        } finally {
            pool.shutdownNow();
            // Let cancelled jobs remove their temp dirs before we report.
            try {
                pool.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A layer already here is also known under this blob in this repository (for later mounts). */
    private void rememberSource(ImageSource source, Descriptor blob, Digest diffId) {
        String location = source.location();
        store.layerBlobs().remember(diffId, new CompressedBlob(blob.digest(), blob.size(), blob.mediaType(), diffId,
                location == null ? List.of() : List.of(location), false));
    }

    private static RuntimeException unwrap(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new MiniDockerException(LayerUnpacker.rootMessage(t), t);
    }

    private static byte[] fetchConfig(ImageSource source, Descriptor d) {
        try {
            byte[] bytes = source.fetchBlob(d);
            Digests.verify(d.digest(), bytes, "image config");
            return bytes;
        } catch (IOException e) {
            throw new MiniDockerException("fetch image config " + d.digest().shortHex() + ": " + e.getMessage(), e);
        }
    }

    private static ImageConfig parseConfig(byte[] bytes, Digest d) {
        try {
            return Json.MAPPER.readValue(bytes, ImageConfig.class);
        } catch (IOException e) {
            throw new CorruptContentException("image config " + d.shortHex() + " is not valid JSON: " + e.getMessage());
        }
    }
}
