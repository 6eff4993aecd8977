package dev.minidocker.image.store;

import dev.minidocker.MiniDockerException;
import dev.minidocker.fs.AtomicFiles;
import dev.minidocker.image.Digest;
import dev.minidocker.json.Json;
import dev.minidocker.json.JsonValues;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the store knows about a layer's compressed forms: {@code layers/<diffid>/blobs.json}, a
 * list of {@link CompressedBlob}s. A pull records the blob it came as and where from; a push
 * records the blob it made and where it went. So a second push of the same layer neither
 * compresses nor uploads anything (the registry confirms the remembered digest), and a push to
 * another repository of a registry the layer came from mounts it instead of uploading.
 */
public final class LayerBlobs {
    static final String FILE = "blobs.json";

    private final LayerStore layers;
    private final StoreLocks locks;

    LayerBlobs(LayerStore layers, StoreLocks locks) {
        this.layers = layers;
        this.locks = locks;
    }

    /** The known compressed forms of a layer (empty when none is known, or for a layer not in the store). */
    public List<CompressedBlob> of(Digest diffId) {
        return read(layers.layerDir(diffId).resolve(FILE));
    }

    /** Adds (or merges into) what is known about {@code diffId}, atomically; the layer must exist. */
    @SuppressWarnings("try") // the lock is held for the block, never used in it
    public void remember(Digest diffId, CompressedBlob blob) {
        Path file = layers.layerDir(diffId).resolve(FILE);
        try (StoreLocks.Held lock = locks.exclusive("blobs-" + diffId.hex())) {
            if (!layers.has(diffId)) return;   // removed meanwhile: nothing to remember it for
            List<CompressedBlob> known = read(file);
            List<CompressedBlob> merged = merged(known, blob);
            if (!merged.equals(known)) write(file, merged);   // a second push learns nothing new: no write
        } catch (IOException e) {
            throw new MiniDockerException("record compressed blob " + blob.digest().shortHex() + " of layer "
                    + diffId.shortHex() + ": " + e.getMessage(), e);
        }
    }

    /** For a layer not yet committed (its prepared directory), no lock needed. */
    static void writeInitial(Path preparedLayerDir, CompressedBlob blob) throws IOException {
        write(preparedLayerDir.resolve(FILE), List.of(blob));
    }

    private static List<CompressedBlob> merged(List<CompressedBlob> known, CompressedBlob blob) {
        List<CompressedBlob> out = new ArrayList<>();
        boolean found = false;
        for (CompressedBlob b : known) {
            if (b.digest().equals(blob.digest())) {
                out.add(b.merge(blob));
                found = true;
            } else {
                out.add(b);
            }
        }
        if (!found) out.add(blob);
        return out;
    }

    /**
     * Read with the small reader, not Jackson's data binding: a push reads every layer's file
     * first thing, and building the record deserializers cost ~40 ms of a push's start.
     */
    private static List<CompressedBlob> read(Path file) {
        try {
            List<CompressedBlob> out = new ArrayList<>();
            if (!(JsonValues.parse(Files.readAllBytes(file)) instanceof List<?> list)) return List.of();
            for (Object o : list) {
                if (!(o instanceof Map<?, ?> m) || !(m.get("digest") instanceof String digest)
                        || !(m.get("size") instanceof Number size) || !(m.get("mediaType") instanceof String type)) {
                    return List.of();
                }
                List<String> sources = new ArrayList<>();
                if (m.get("sources") instanceof List<?> l) for (Object x : l) if (x instanceof String src) sources.add(src);
                Digest uncompressed = m.get("uncompressed") instanceof String u ? Digest.parse(u) : null;
                out.add(new CompressedBlob(Digest.parse(digest), size.longValue(), type, uncompressed, sources,
                        Boolean.TRUE.equals(m.get("local"))));
            }
            return out;
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException | RuntimeException e) {
            return List.of();   // unreadable knowledge is no knowledge: a push compresses again
        }
    }

    /** Without fsync: this is knowledge that saves work, not data; a crash that loses it costs a recompression. */
    private static void write(Path file, List<CompressedBlob> blobs) throws IOException {
        AtomicFiles.writeWithoutSync(file, Json.MAPPER.writeValueAsBytes(blobs));
    }
}
