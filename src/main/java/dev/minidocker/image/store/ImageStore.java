package dev.minidocker.image.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.minidocker.MiniDockerException;
import dev.minidocker.fs.AtomicFiles;
import dev.minidocker.image.Digest;
import dev.minidocker.image.ImageConfig;
import dev.minidocker.image.ImageReference;
import dev.minidocker.image.InvalidReferenceException;
import dev.minidocker.json.Json;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The image store under a root directory ({@code /var/lib/minidocker} by default):
 * <pre>
 * blobs/sha256/&lt;hex&gt;        manifests, configs, and the gzip blobs a push made (kept for later pushes)
 * layers/&lt;diffid-hex&gt;/diff/  extracted layers (overlay-form whiteouts), shared between images;
 *                           beside diff/: layer.json, tar-split.gz (rebuilds the exact tar) and
 *                           blobs.json (the layer's known compressed blobs and their repositories)
 * images/db.json            tags -> image id, and image records
 * tmp/                      scratch dirs, removed once their owner is dead
 * locks/                    flock files
 * </pre>
 */
public final class ImageStore {
    private static final Pattern HEX_PREFIX = Pattern.compile("[0-9a-f]{1,64}");
    private final Path root;
    private final StoreLocks locks;
    private final TempDirs temp;
    private final BlobStore blobs;
    private final LayerStore layers;
    private final ImageDb db;
    private final LayerBlobs layerBlobs;

    public ImageStore(Path root) {
        this.root = root.toAbsolutePath();
        this.locks = new StoreLocks(this.root.resolve("locks"));
        this.temp = new TempDirs(this.root.resolve("tmp"));
        this.blobs = new BlobStore(this.root.resolve("blobs"));
        this.layers = new LayerStore(this.root.resolve("layers"), temp);
        this.db = new ImageDb(this.root.resolve("images").resolve("db.json"), locks);
        this.layerBlobs = new LayerBlobs(layers, locks);
    }

    public Path root() { return root; }
    public StoreLocks locks() { return locks; }
    public TempDirs temp() { return temp; }
    public BlobStore blobs() { return blobs; }
    public LayerStore layers() { return layers; }
    public ImageDb db() { return db; }
    public LayerBlobs layerBlobs() { return layerBlobs; }

    /**
     * Removes what dead processes left behind: their tmp/ dirs and half-written {@code .tmp-}
     * files of atomic writes. Safe to call any time (pull and run call it at start).
     */
    public void cleanStale() {
        temp.cleanStale();
        for (Path dir : List.of(root.resolve("images"), root.resolve("blobs").resolve("sha256"))) {
            AtomicFiles.removeOrphanTempFiles(dir);
        }
    }

    /**
     * Finds an image by reference ({@code busybox}, {@code busybox:1.36}, {@code repo@sha256:...})
     * or by image id or an unambiguous prefix of it ({@code 3f2a}, {@code sha256:3f2a...}).
     */
    public Optional<StoredImage> find(String nameOrIdPrefix) {
        ImageDb.Snapshot s = db.read();
        String idPart = nameOrIdPrefix.startsWith("sha256:") ? nameOrIdPrefix.substring(7) : null;
        if (idPart == null) {
            Optional<StoredImage> byName = findByReference(s, nameOrIdPrefix);
            if (byName.isPresent()) return byName;
            idPart = nameOrIdPrefix;
        }
        if (!HEX_PREFIX.matcher(idPart).matches()) return Optional.empty();
        String prefix = idPart;
        List<ImageRecord> matches = s.images().values().stream()
                .filter(r -> r.id().hex().startsWith(prefix)).toList();
        if (matches.size() > 1) {
            throw new MiniDockerException("image id prefix \"" + nameOrIdPrefix + "\" is ambiguous: it matches "
                    + matches.size() + " images");
        }
        return matches.stream().findFirst().map(r -> toStored(s, r, primaryName(s, r)));
    }

    private Optional<StoredImage> findByReference(ImageDb.Snapshot s, String name) {
        ImageReference ref;
        try {
            ref = ImageReference.parse(name);
        } catch (InvalidReferenceException e) {
            return Optional.empty();
        }
        if (ref.digest() != null) {
            String repoDigest = repoDigest(ref, ref.digest());
            return s.images().values().stream()
                    .filter(r -> r.repoDigests().contains(repoDigest))
                    .findFirst().map(r -> toStored(s, r, ref));
        }
        Digest id = s.tags().get(ref.toString());
        if (id == null || !s.images().containsKey(id.toString())) return Optional.empty();
        return Optional.of(toStored(s, s.images().get(id.toString()), ref));
    }

    /** One entry per tag, plus one per untagged image; newest first. */
    public List<StoredImage> list() {
        ImageDb.Snapshot s = db.read();
        List<StoredImage> out = new ArrayList<>();
        for (ImageRecord r : s.images().values()) {
            List<String> tags = s.tagsOf(r.id());
            if (tags.isEmpty()) {
                out.add(toStored(s, r, primaryName(s, r)));
            } else {
                for (String t : tags) out.add(toStored(s, r, ImageReference.parse(t)));
            }
        }
        out.sort(Comparator.comparing(StoredImage::created).reversed()
                .thenComparing(i -> String.valueOf(i.reference())));
        return out;
    }

    /** Records a complete image (all layers present) and points {@code ref}'s tag at it. */
    public void record(ImageReference ref, ImageRecord record) {
        record(ref, record, true);
    }

    /** As {@link #record(ImageReference, ImageRecord)}; {@code withRepoDigest} false for loads. */
    public void record(ImageReference ref, ImageRecord record, boolean withRepoDigest) {
        for (Digest d : record.diffIds()) {
            if (!layers.has(d)) throw new IllegalStateException("layer " + d + " is missing");
        }
        String repoDigest = !withRepoDigest || record.manifestDigest() == null || ref == null ? null
                : repoDigest(ref, record.manifestDigest());
        db.update(s -> {
            ImageRecord old = s.images().get(record.id().toString());
            ImageRecord merged = record;
            if (old != null) for (String rd : old.repoDigests()) merged = merged.withRepoDigest(rd);
            s.images().put(record.id().toString(), merged.withRepoDigest(repoDigest));
            if (ref != null && ref.tag() != null) s.tags().put(ref.withTag(ref.tag()).toString(), record.id());
            return s;
        });
    }

    static String repoDigest(ImageReference ref, Digest manifestDigest) {
        return ref.registry() + "/" + ref.repository() + "@" + manifestDigest;
    }

    /** The name an image found by id is shown under: its first tag, else its first repo digest. */
    private static ImageReference primaryName(ImageDb.Snapshot s, ImageRecord r) {
        List<String> tags = s.tagsOf(r.id());
        if (!tags.isEmpty()) return ImageReference.parse(tags.getFirst());
        if (!r.repoDigests().isEmpty()) return ImageReference.parse(r.repoDigests().getFirst());
        return null;
    }

    StoredImage toStored(ImageDb.Snapshot s, ImageRecord r, ImageReference ref) {
        ImageConfig config = config(r.id());
        List<Path> dirs = r.diffIds().stream().map(layers::diffDir).toList();
        return new StoredImage(ref, r.manifestDigest(), r.id(), config, dirs, r.size(), createdOf(config));
    }

    public ImageConfig config(Digest imageId) {
        try {
            return StoreJson.config(blobs.get(imageId, "image config"));
        } catch (IOException e) {
            throw new MiniDockerException("image config " + imageId.shortHex() + " is unreadable: " + e.getMessage(), e);
        }
    }

    static Instant createdOf(ImageConfig config) {
        if (config == null || config.created() == null) return Instant.EPOCH;
        try {
            return Instant.parse(config.created());
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    /** The containers whose {@code containers/<id>/config.json} name an image in "Image". */
    public List<ImageUser> imageUsers() {
        List<ImageUser> out = new ArrayList<>();
        Path dir = root.resolve("containers");
        if (!Files.isDirectory(dir)) return out;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path c : s) {
                Path cfg = c.resolve("config.json");
                if (!Files.isRegularFile(cfg)) continue;
                try {
                    JsonNode image = Json.MAPPER.readTree(cfg.toFile()).get("Image");
                    if (image == null || !image.isTextual()) continue;
                    out.add(new ImageUser(c.getFileName().toString(), Digest.parse(image.asText()), isRunning(c)));
                } catch (IOException | RuntimeException e) {
                    // a half-written or foreign record says nothing about images
                }
            }
        } catch (IOException e) {
            throw new MiniDockerException("list containers in " + dir + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** state.json says running and its init is alive (a crashed supervisor leaves "running" behind). */
    private static boolean isRunning(Path containerDir) {
        try {
            JsonNode state = Json.MAPPER.readTree(containerDir.resolve("state.json").toFile());
            long pid = state.path("Pid").asLong();
            return "running".equals(state.path("Status").asText()) && pid > 0 && ProcessHandle.of(pid).isPresent();
        } catch (IOException e) {
            return false;
        }
    }
}
