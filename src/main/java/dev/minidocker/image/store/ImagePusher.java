package dev.minidocker.image.store;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.minidocker.MiniDockerException;
import dev.minidocker.image.Descriptor;
import dev.minidocker.image.Digest;
import dev.minidocker.image.ImageNotFoundException;
import dev.minidocker.image.ImageReference;
import dev.minidocker.image.Manifest;
import dev.minidocker.image.MediaTypes;
import dev.minidocker.image.registry.BlobContent;
import dev.minidocker.image.registry.PushSession;
import dev.minidocker.image.registry.RegistryClient;
import dev.minidocker.json.Json;
import dev.minidocker.json.JsonWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code push NAME:TAG}: the layers (in parallel, each the cheapest way: {@link LayerPusher}),
 * then the config, then the manifest under the tag. Docker's v2 schema 2 manifest, or OCI when the
 * image came as OCI. The store's gc lock is held shared, so {@code rmi} cannot take a layer away
 * mid-push; nothing in the store changes but the remembered blobs and, on success, the image's
 * repo digest.
 */
public final class ImagePusher {
    private final ImageStore store;
    private final RegistryClient client;
    private final int maxConcurrent;
    private final PushProgress progress;
    private final LayerCompressor compressor;

    public ImagePusher(ImageStore store, RegistryClient client, int maxConcurrent, PushProgress progress) {
        if (maxConcurrent < 1) throw new MiniDockerException("max concurrent uploads must be at least 1");
        this.store = store;
        this.client = client;
        this.maxConcurrent = maxConcurrent;
        this.progress = progress;
        this.compressor = new LayerCompressor(store, LayerCompressor.DEFAULT_LEVEL);
    }

    /** Every tag of {@code repository} in the store, sorted (push --all-tags). */
    public List<ImageReference> localTags(ImageReference repository) {
        List<ImageReference> out = new ArrayList<>();
        for (String t : store.db().read().tags().keySet()) {
            ImageReference r = ImageReference.parse(t);
            if (r.registry().equals(repository.registry()) && r.repository().equals(repository.repository())) out.add(r);
        }
        return out;
    }

    /** Pushes the image tagged {@code ref} (which must have a tag) to its registry and repository. */
    @SuppressWarnings("try") // the lock is held for the block, never used in it
    public PushResult push(ImageReference ref) {
        if (ref.tag() == null || ref.digest() != null) {
            throw new MiniDockerException("push needs a tag, not a digest: " + ref.familiarName());
        }
        store.cleanStale();
        try (StoreLocks.Held gc = store.locks().shared("gc")) {
            ImageDb.Snapshot s = store.db().read();
            Digest id = s.tags().get(ref.toString());
            ImageRecord record = id == null ? null : s.images().get(id.toString());
            if (record == null) {
                throw new ImageNotFoundException("An image does not exist locally with the tag: " + ref.familiarName());
            }
            boolean oci = MediaTypes.OCI_MANIFEST.equals(record.manifestMediaType());
            byte[] config = store.blobs().get(record.id(), "image config");
            List<Digest> layers = record.diffIds();
            PushSession session = client.push(ref, mountSources(ref, layers));
            progress.message("The push refers to repository [" + ref.registry() + "/" + ref.repository() + "]");
            Map<Digest, LayerPusher.Pushed> pushed = pushLayers(new LayerPusher(store, compressor, session, progress, oci), layers);

            List<Descriptor> descriptors = new ArrayList<>();
            List<Digest> diffIds = new ArrayList<>();
            for (Digest d : layers) {
                descriptors.add(pushed.get(d).descriptor());
                diffIds.add(pushed.get(d).uncompressed());
            }
            if (!diffIds.equals(layers)) config = withDiffIds(config, diffIds);
            Descriptor configDesc = new Descriptor(oci ? MediaTypes.OCI_CONFIG : MediaTypes.DOCKER_CONFIG,
                    Digest.sha256(config), config.length);
            if (!session.blobExists(configDesc.digest())) session.upload(configDesc.digest(), bytes(config), null, n -> { });
            String mediaType = oci ? MediaTypes.OCI_MANIFEST : MediaTypes.DOCKER_MANIFEST;
            byte[] manifest = manifestJson(mediaType, configDesc, descriptors);
            Digest digest = session.putManifest(ref.tag(), mediaType, manifest);
            progress.message(ref.tag() + ": digest: " + digest + " size: " + manifest.length);
            if (configDesc.digest().equals(record.id())) recordRepoDigest(record.id(), ref, digest);
            return new PushResult(ref, digest, manifest.length, configDesc.digest());
        } catch (IOException e) {
            throw new MiniDockerException("push " + ref.familiarName() + ":" + ref.tag() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The manifest as Jackson writes a {@link Manifest} (compact, fields in record order, nulls
     * left out), by hand: a push that uploads nothing spent ~50 ms building Jackson for it. The
     * descriptors made here carry a media type, a digest and a size, nothing else.
     */
    static byte[] manifestJson(String mediaType, Descriptor config, List<Descriptor> layers) {
        JsonWriter w = new JsonWriter();
        w.beginObject().name("schemaVersion").value(2).name("mediaType").value(mediaType).name("config");
        descriptor(w, config);
        w.name("layers").beginArray();
        for (Descriptor d : layers) descriptor(w, d);
        return w.endArray().endObject().toBytes();
    }

    private static void descriptor(JsonWriter w, Descriptor d) {
        if (d.urls() != null || d.annotations() != null || d.platform() != null) {
            throw new IllegalArgumentException("a pushed descriptor has only a media type, a digest and a size: " + d);
        }
        w.beginObject().name("mediaType").value(d.mediaType()).name("digest").value(d.digest().toString())
                .name("size").value(d.size()).endObject();
    }

    /** Repositories of the target's registry the layers' blobs were seen in: the token must allow pulling from them. */
    private Set<String> mountSources(ImageReference ref, List<Digest> layers) {
        Set<String> out = new HashSet<>();
        String prefix = ref.registry() + "/";
        for (Digest d : layers) {
            for (CompressedBlob b : store.layerBlobs().of(d)) {
                for (String src : b.sources()) if (src.startsWith(prefix)) out.add(src.substring(prefix.length()));
            }
        }
        return out;
    }

    private Map<Digest, LayerPusher.Pushed> pushLayers(LayerPusher pusher, List<Digest> layers) {
        List<Digest> distinct = layers.stream().distinct().toList();
        for (Digest d : distinct) progress.status(d, "Preparing");
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(maxConcurrent, Math.max(1, distinct.size())), r -> {
            Thread t = new Thread(r, "layer-push");
            t.setDaemon(true);
            return t;
        });
        try {
            Map<Digest, Future<LayerPusher.Pushed>> jobs = new LinkedHashMap<>();
            for (Digest d : distinct) {
                if (jobs.size() >= maxConcurrent) progress.status(d, "Waiting");
                jobs.put(d, pool.submit(() -> pusher.push(d)));
            }
            Map<Digest, LayerPusher.Pushed> out = new LinkedHashMap<>();
            for (var e : jobs.entrySet()) {
                try {
                    out.put(e.getKey(), e.getValue().get());
                } catch (ExecutionException x) {
                    jobs.values().forEach(j -> j.cancel(true));
                    Throwable cause = x.getCause();
                    if (cause instanceof RuntimeException r) throw r;
                    if (cause instanceof Error err) throw err;
                    throw new MiniDockerException(cause.getMessage(), cause);
                }
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MiniDockerException("push interrupted");
        } finally {
            pool.shutdownNow();
            try {
                pool.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The config with other diff_ids (layers whose original tar could not be rebuilt). */
    private static byte[] withDiffIds(byte[] config, List<Digest> diffIds) throws IOException {
        ObjectNode root = (ObjectNode) Json.MAPPER.readTree(config);
        ArrayNode ids = root.withObjectProperty("rootfs").putArray("diff_ids");
        diffIds.forEach(d -> ids.add(d.toString()));
        return Json.MAPPER.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                .writeValueAsBytes(root);
    }

    private void recordRepoDigest(Digest imageId, ImageReference ref, Digest manifestDigest) {
        String repoDigest = ImageStore.repoDigest(ref, manifestDigest);
        ImageRecord now = store.db().read().images().get(imageId.toString());
        if (now == null || now.repoDigests().contains(repoDigest)) return;   // a repeated push: nothing to write
        store.db().update(s -> {
            ImageRecord r = s.images().get(imageId.toString());
            if (r != null) s.images().put(imageId.toString(), r.withRepoDigest(repoDigest));
            return s;
        });
    }

    private static BlobContent bytes(byte[] data) {
        return new BlobContent() {
            @Override
            public long size() {
                return data.length;
            }

            @Override
            public InputStream open(long offset, long length) {
                return new ByteArrayInputStream(data, (int) offset, (int) length);
            }
        };
    }
}
