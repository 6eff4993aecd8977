package dev.minidocker.engine.image;

import dev.minidocker.image.Digest;
import dev.minidocker.image.ImageConfig;
import dev.minidocker.image.ImageReference;
import dev.minidocker.image.Platform;
import dev.minidocker.image.archive.ImageLoader;
import dev.minidocker.image.archive.ImageSaver;
import dev.minidocker.image.store.ImageDb;
import dev.minidocker.image.store.ImageRecord;
import dev.minidocker.image.store.ImageRemover;
import dev.minidocker.image.DockerReferences;
import dev.minidocker.image.registry.RegistryConfig;
import dev.minidocker.image.dockerfile.ConfigChanges;
import dev.minidocker.image.dockerfile.Instruction;
import dev.minidocker.image.store.NewImage;
import dev.minidocker.image.store.RootfsImporter;
import dev.minidocker.image.store.ImageStore;
import dev.minidocker.image.store.PushProgress;
import dev.minidocker.image.store.PushResult;
import dev.minidocker.image.store.RegistryPush;
import dev.minidocker.image.store.ImageTagger;
import dev.minidocker.image.store.OverlayLayerWriter;
import dev.minidocker.image.store.PullProgress;
import dev.minidocker.image.store.PullResult;
import dev.minidocker.image.store.RegistryPull;
import dev.minidocker.image.store.StoredImage;
import dev.minidocker.json.Json;
import dev.minidocker.engine.events.EventLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import dev.minidocker.engine.Filters;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The image verbs over one store: list, inspect, pull, remove, save, load, and run's resolution. */
public final class ImageService {
    private final ImageStore store;
    private final EventLog events;

    public ImageService(ImageStore store) {
        this(store, new EventLog(java.time.Clock.systemUTC()));
    }

    public ImageService(ImageStore store, EventLog events) {
        this.store = store;
        this.events = events;
    }

    /** One entry per tag (untagged images once), newest first. */
    public List<ImageEntry> list() {
        List<ImageEntry> out = new ArrayList<>();
        for (StoredImage i : store.list()) {
            ImageReference ref = i.reference();
            ImageConfig c = i.config();
            Map<String, String> labels = c != null && c.config() != null && c.config().labels() != null
                    ? c.config().labels() : Map.of();
            out.add(new ImageEntry(i.imageId().toString(), i.imageId().shortHex(), ref == null ? null : ref.familiarName(),
                    ref == null ? null : ref.tag(), i.created(), i.size(), labels));
        }
        return out;
    }

    /** The entries (one per tag) that Docker's filters pass (engine/image/ImageFilter). */
    public List<ImageEntry> list(Filters filters) {
        List<ImageEntry> all = list();
        ImageFilter filter = ImageFilter.forList(filters, all);
        List<ImageEntry> out = new ArrayList<>();
        for (ImageEntry i : all) if (filter.test(i)) out.add(i);
        return out;
    }

    /**
     * {@code image prune}: untagged images (all unused ones with {@code dangling=false}) that the
     * filters pass; an image a container uses stays (the remover's rules). The lines rmi prints.
     */
    public List<String> prune(Filters filters) {
        ImageFilter filter = ImageFilter.forPrune(filters);
        boolean danglingOnly = filters.bool("dangling").orElse(true);
        List<String> lines = new ArrayList<>();
        for (ImageEntry i : list()) {
            if (danglingOnly && i.repository() != null) continue;
            if (!filter.test(i)) continue;
            try {
                lines.addAll(remove(i.repoTag() != null ? i.repoTag() : i.id(), false));
            } catch (RuntimeException inUse) {
                // a container uses it (or another prune took it): it stays
            }
        }
        return lines;
    }

    /** One image (by id) as {@code system df} counts it: its layers' size and the part other images share. */
    public record ImageUsage(String id, List<String> repoTags, List<String> repoDigests, java.time.Instant created,
                             long size, long sharedSize, Map<String, String> labels) {}

    /** Every image's usage, and the size of all their layers counted once. */
    public record ImagesUsage(List<ImageUsage> images, long layersSize) {}

    /** {@code system df}: layers shared by images are counted once in layersSize, and as sharedSize in each. */
    public ImagesUsage usage() {
        Map<String, List<Digest>> layersById = new java.util.LinkedHashMap<>();
        Map<String, StoredImage> byId = new java.util.LinkedHashMap<>();
        for (StoredImage i : store.list()) {
            if (byId.putIfAbsent(i.imageId().toString(), i) != null) continue;
            ImageConfig c = i.config();
            List<Digest> diffIds = c != null && c.rootfs() != null && c.rootfs().diffIds() != null
                    ? c.rootfs().diffIds().stream().distinct().toList() : List.of();
            layersById.put(i.imageId().toString(), diffIds);
        }
        Map<Digest, Integer> users = new java.util.HashMap<>();
        for (List<Digest> layers : layersById.values()) for (Digest d : layers) users.merge(d, 1, Integer::sum);
        long layersSize = users.keySet().stream().mapToLong(store.layers()::size).sum();
        ImageDb.Snapshot snapshot = store.db().read();
        List<ImageUsage> out = new ArrayList<>();
        for (Map.Entry<String, StoredImage> e : byId.entrySet()) {
            StoredImage i = e.getValue();
            long shared = layersById.get(e.getKey()).stream().filter(d -> users.get(d) > 1).mapToLong(store.layers()::size).sum();
            ImageConfig c = i.config();
            Map<String, String> labels = c != null && c.config() != null && c.config().labels() != null
                    ? c.config().labels() : Map.of();
            out.add(new ImageUsage(e.getKey(), familiar(snapshot.tagsOf(i.imageId())), repoDigests(e.getKey()),
                    i.created(), i.size(), shared, labels));
        }
        return new ImagesUsage(out, layersSize);
    }

    /** One line of {@code history}: the image id on the top line ("<missing>" below), the layer's size or 0. */
    public record HistoryEntry(String id, java.time.Instant created, String createdBy, List<String> tags, long size,
                               String comment) {}

    /**
     * {@code history}: the config's history newest first, each non-empty step with its layer's
     * size (a config without history: one line per layer). "No such image" when missing.
     */
    public List<HistoryEntry> history(String name) {
        StoredImage img = store.find(name).orElseThrow(() -> new dev.minidocker.image.ImageNotFoundException("No such image: " + name));
        ImageConfig c = img.config();
        List<Digest> layers = c.rootfs() != null && c.rootfs().diffIds() != null ? c.rootfs().diffIds() : List.of();
        List<ImageConfig.History> steps = c.history() != null && !c.history().isEmpty() ? c.history()
                : layers.stream().map(d -> new ImageConfig.History(null, "", "", false)).toList();
        List<HistoryEntry> out = new ArrayList<>();
        int layer = 0;
        for (ImageConfig.History h : steps) {
            boolean empty = Boolean.TRUE.equals(h.emptyLayer());
            long size = !empty && layer < layers.size() ? store.layers().size(layers.get(layer)) : 0;
            if (!empty) layer++;
            java.time.Instant at = instant(h.created());
            out.add(new HistoryEntry("<missing>", at, h.createdBy() == null ? "" : h.createdBy(), List.of(), size,
                    h.comment() == null ? "" : h.comment()));
        }
        java.util.Collections.reverse(out);
        if (!out.isEmpty()) {
            HistoryEntry top = out.getFirst();
            out.set(0, new HistoryEntry(img.imageId().toString(), top.created(), top.createdBy(),
                    familiar(store.db().read().tagsOf(img.imageId())), top.size(), top.comment()));
        }
        return out;
    }

    private static java.time.Instant instant(String rfc3339) {
        if (rfc3339 == null) return java.time.Instant.EPOCH;
        try {
            return java.time.OffsetDateTime.parse(rfc3339).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            return java.time.Instant.EPOCH;
        }
    }

    /** The number of distinct images (ids), as /info counts them. */
    public int count() {
        return new LinkedHashSet<>(store.list().stream().map(StoredImage::imageId).toList()).size();
    }

    /** "busybox@sha256:...": the familiar form of the repository digests of an image id. */
    public List<String> repoDigests(String imageId) {
        ImageRecord r = store.db().read().images().get(imageId);
        if (r == null) return List.of();
        List<String> out = new ArrayList<>();
        for (String rd : r.repoDigests()) {
            ImageReference ref = ImageReference.parse(rd);
            out.add(ref.familiarName() + "@" + ref.digest());
        }
        return out;
    }

    /** An image by name, tag, digest or id prefix; empty when the store has none. */
    public Optional<ImageDetails> inspect(String name) {
        Optional<StoredImage> found = store.find(name);
        if (found.isEmpty()) return Optional.empty();
        StoredImage img = found.get();
        ImageDb.Snapshot s = store.db().read();
        ImageRecord rec = s.images().get(img.imageId().toString());
        ImageConfig c = img.config();
        List<String> layers = new ArrayList<>();
        if (c.rootfs() != null && c.rootfs().diffIds() != null) for (Digest d : c.rootfs().diffIds()) layers.add(d.toString());
        return Optional.of(new ImageDetails(img.imageId().toString(),
                familiar(s.tagsOf(img.imageId())), rec == null ? List.of() : familiar(rec.repoDigests()),
                c.created(), c.author(), c.architecture(), c.variant(), c.os(),
                c.config() == null ? null : Json.MAPPER.valueToTree(c.config()),
                c.rootfs() == null ? "layers" : c.rootfs().type(), layers, img.size(),
                img.manifestDigest() == null ? null : img.manifestDigest().toString()));
    }

    /**
     * Pulls {@code name} and reports as docker does: layer lines, then "Digest: ..." and "Status: ...".
     *
     * @param platform "os/arch[/variant]", or null for this host's
     */
    public PullOutcome pull(String name, String platform, List<String> insecureRegistries, int maxConcurrentDownloads,
                            PullListener listener) {
        return pull(name, platform, insecureRegistries, maxConcurrentDownloads, null, listener);
    }

    /** As above, with the client's credentials ({@code auth}, the API's X-Registry-Auth) instead of config.json's when given. */
    public PullOutcome pull(String name, String platform, List<String> insecureRegistries, int maxConcurrentDownloads,
                            RegistryAuth auth, PullListener listener) {
        ImageReference ref = ImageReference.parse(name);
        Platform p = platform == null ? Platform.host() : Platform.parse(platform);
        String tagOrDigest = ref.tag() != null ? ref.tag() : ref.digest().toString();
        RegistryConfig config = RegistryConfig.load(insecureRegistries == null ? List.of() : insecureRegistries);
        if (auth != null) config = config.withCredentials(auth.credentialStore(ref.registry()));
        PullResult r = RegistryPull.pull(store, ref, p, config, maxConcurrentDownloads,
                new Progress(listener, tagOrDigest, ref.repository()));
        String familiar = ref.familiarName() + (ref.tag() != null ? ":" + ref.tag() : "@" + ref.digest());
        publish("pull", familiar, ref.familiarName(), null);
        listener.message("Digest: " + r.manifestDigest());
        listener.message(r.downloaded() ? "Status: Downloaded newer image for " + familiar
                : "Status: Image is up to date for " + familiar);
        return new PullOutcome(ref.toString(), familiar, r.manifestDigest().toString(), r.downloaded());
    }

    /**
     * {@code tag}: {@code target} names the image {@code source} names. A bad target is Docker's
     * "Error parsing reference: ..." (an InvalidArgumentException), a missing source "No such image".
     */
    public void tag(String source, String target) {
        try {
            new ImageTagger(store).tag(source, target);
            store.find(target).ifPresent(i -> publish("tag", i.imageId().toString(), familiarTag(target), i.config()));
        } catch (dev.minidocker.image.ImageNotFoundException e) {
            // dockerd names the source as it looked it up: "busybox" is "busybox:latest"
            boolean bareName = !source.contains("@") && !source.substring(source.lastIndexOf('/') + 1).contains(":")
                    && !source.matches("(sha256:)?[0-9a-f]{6,64}");
            if (!bareName) throw e;
            throw new dev.minidocker.image.ImageNotFoundException("No such image: " + source + ":latest");
        } catch (dev.minidocker.image.InvalidReferenceException e) {
            throw new dev.minidocker.InvalidArgumentException("Error parsing reference: \"" + target
                    + "\" is not a valid repository/tag: " + e.getMessage());
        }
    }

    /**
     * {@code push}: the image (or with {@code allTags} every local tag of its repository) to its
     * registry, with docker's progress; credentials as pull finds them, or {@code auth} when given
     * (the API's X-Registry-Auth). The progress ends with docker's "TAG: digest: ... size: N" line per tag.
     */
    public List<PushedTag> push(String name, boolean allTags, List<String> insecureRegistries, RegistryAuth auth,
                             PullListener listener) {
        ImageReference ref;
        try {
            ref = DockerReferences.parseNormalized(name);
        } catch (dev.minidocker.image.InvalidReferenceException e) {
            throw new dev.minidocker.InvalidArgumentException(e.getMessage());
        }
        if (!allTags && ref.tag() == null && ref.digest() == null) ref = ref.withTag("latest");
        RegistryConfig config = RegistryConfig.load(insecureRegistries == null ? List.of() : insecureRegistries);
        if (auth != null) config = config.withCredentials(auth.credentialStore(ref.registry()));
        List<PushResult> results = RegistryPush.push(store, ref, allTags, config, RegistryPush.DEFAULT_CONCURRENCY,
                new PushLines(listener));
        List<PushedTag> out = new ArrayList<>();
        publish("push", ref.familiarName() + (ref.tag() != null ? ":" + ref.tag() : ""), ref.familiarName(), null);
        for (PushResult r : results) out.add(new PushedTag(r.reference().tag(), r.manifestDigest().toString(), r.manifestSize()));
        return out;
    }

    /**
     * {@code import}: a root file system tarball (plain or compressed) as a one-layer image, with
     * the --change instructions on an empty config. {@code source} is what the history says it was
     * imported from ("-" for a stream). Returns the image id.
     */
    public String importImage(InputStream tarball, String source, String repoTag, List<String> changes, String message) {
        List<Instruction> parsed = ConfigChanges.parseCommitChanges(changes == null ? List.of() : changes);
        ImageReference tag;
        try {
            tag = repoTag == null || repoTag.isEmpty() ? null : DockerReferences.parseTagTarget(repoTag);
        } catch (dev.minidocker.image.InvalidReferenceException e) {
            throw new dev.minidocker.InvalidArgumentException(e.getMessage());
        }
        String comment = message != null && !message.isEmpty() ? message : "Imported from " + source;
        NewImage image = new NewImage(null, "", comment, null, c -> ConfigChanges.apply(c, parsed),
                java.time.Instant.now(), tag);
        String id = new RootfsImporter(store).importTarball(tarball, image).imageId().toString();
        publish("import", id, id, null);
        return id;
    }

    /** rmi: the lines docker prints ("Untagged: ...", "Deleted: ..."). */
    public List<String> remove(String name, boolean force) {
        Optional<StoredImage> before = store.find(name);
        List<String> lines = new ImageRemover(store).remove(name, force);
        String id = before.map(i -> i.imageId().toString()).orElse(name);
        ImageConfig config = before.map(StoredImage::config).orElse(null);
        for (String line : lines) {
            if (line.startsWith("Untagged: ")) publish("untag", id, line.substring(10), config);
            else if (line.startsWith("Deleted: ")) publish("delete", line.substring(9), line.substring(9), config);
        }
        return lines;
    }

    /** image prune: frees layers and blobs no image refers to; the bytes freed. */
    public long prune() {
        return new ImageRemover(store).prune();
    }

    public void save(List<String> names, Path output) throws IOException {
        ImageSaver.forOverlayLayers(store).save(names, output);
    }

    /**
     * The API's save: the archive is made in the store's scratch space first (so a missing image is
     * an error before any byte is sent), then copied to {@code out}.
     */
    public void save(List<String> names, java.io.OutputStream out) throws IOException {
        try (var scratch = store.temp().create("api-save")) {
            Path file = scratch.path().resolve("images.tar");
            save(names, file);
            java.nio.file.Files.copy(file, out);
        }
    }

    /** The API's load: the archive (read at random, for its index) lands in scratch space first. */
    public List<String> load(InputStream archive) throws IOException {
        try (var scratch = store.temp().create("api-load")) {
            Path file = scratch.path().resolve("images.tar");
            java.nio.file.Files.copy(archive, file);
            return load(file);
        }
    }

    /** load: the lines docker prints ("Loaded image: ..."). */
    public List<String> load(Path input) throws IOException {
        List<String> lines = new ImageLoader(store, new OverlayLayerWriter()).load(input);
        for (String line : lines) {
            int colon = line.indexOf(": ");
            if (colon > 0) publish("load", line.substring(colon + 2), line.substring(colon + 2), null);
        }
        return lines;
    }

    /** The resolver a run uses: it pulls with docker's progress lines on {@code progress}. */
    public ImageResolver resolver() {
        return new StoreImageResolver(store, this);
    }

    /** A stream of pull progress as docker prints it when run pulls (never a terminal: no bars). */
    static PullListener printer(PrintStream progress) {
        return new PullProgressPrinter(progress, false);
    }

    /** "docker.io/library/x:1" as docker prints it: "x:1". */
    private static String familiarTag(String name) {
        try {
            ImageReference r = DockerReferences.parseNormalized(name);
            return r.familiarName() + (r.tag() != null ? ":" + r.tag() : "");
        } catch (RuntimeException unparsable) {
            return name;
        }
    }

    /** Docker's image event: the image's labels, then its name. */
    private void publish(String action, String id, String name, ImageConfig config) {
        Map<String, String> attributes = new java.util.LinkedHashMap<>();
        if (config != null && config.config() != null && config.config().labels() != null) {
            attributes.putAll(config.config().labels());
        }
        attributes.put("name", name);
        events.publish("image", action, id, attributes);
    }

    private static List<String> familiar(List<String> references) {
        List<String> out = new ArrayList<>();
        for (String full : references) {
            ImageReference r = ImageReference.parse(full);
            out.add(r.familiarName() + (r.tag() != null ? ":" + r.tag() : "") + (r.digest() != null ? "@" + r.digest() : ""));
        }
        return out;
    }

    /** A push's progress in the listener's terms (layers by short id). */
    private record PushLines(PullListener listener) implements PushProgress {
        @Override public void status(Digest layer, String status) { listener.status(layer.shortHex(), status); }
        @Override public void pushing(Digest layer, long done, long total) {
            listener.downloading(layer.shortHex(), done, total);
        }
        @Override public void message(String line) { listener.message(line); }
    }

    /** The store's progress in the listener's terms (layers by short id). */
    private record Progress(PullListener listener, String tagOrDigest, String repository) implements PullProgress {
        @Override public void manifestFound() { listener.manifestFound(tagOrDigest, repository); }
        @Override public void status(Digest layer, String status) { listener.status(layer.shortHex(), status); }
        @Override public void downloading(Digest layer, long done, long total) {
            listener.downloading(layer.shortHex(), done, total);
        }
        @Override public void message(String line) { listener.message(line); }
    }
}
