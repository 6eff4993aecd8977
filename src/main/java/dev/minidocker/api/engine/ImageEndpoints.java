package dev.minidocker.api.engine;

import dev.minidocker.api.ApiException;
import dev.minidocker.api.ApiExchange;
import dev.minidocker.api.Router;
import dev.minidocker.api.model.ImageDeleteItem;
import dev.minidocker.api.model.ImageInspect;
import dev.minidocker.api.model.ImageSummary;
import dev.minidocker.api.model.ProgressMessage;
import dev.minidocker.image.Digest;
import dev.minidocker.image.ImageConfig;
import dev.minidocker.image.ImageReference;
import dev.minidocker.image.Platform;
import dev.minidocker.image.ImageNotFoundException;
import dev.minidocker.image.store.ImageRecord;
import dev.minidocker.image.store.ImageRemover;
import dev.minidocker.image.store.PullResult;
import dev.minidocker.image.store.RegistryPull;
import dev.minidocker.image.store.StoredImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /images/json}, {@code /images/{name}/json}, {@code /images/create} (pull), {@code DELETE /images/{name}}. */
final class ImageEndpoints {
    private static final int MAX_CONCURRENT_DOWNLOADS = 3;
    private final EngineContext ctx;

    ImageEndpoints(EngineContext ctx) {
        this.ctx = ctx;
    }

    void register(Router r) {
        r.get("/images/json", this::list);
        r.post("/images/create", this::pull);
        r.get("/images/{name*}/json", this::inspect);
        r.delete("/images/{name*}", this::remove);
    }

    /** One entry per image id with all its tags, newest first (the store's order). */
    private void list(ApiExchange ex) throws IOException {
        Map<Digest, List<StoredImage>> byId = new LinkedHashMap<>();
        for (StoredImage i : ctx.images().list()) byId.computeIfAbsent(i.imageId(), k -> new ArrayList<>()).add(i);
        List<ImageSummary> out = new ArrayList<>();
        for (List<StoredImage> tags : byId.values()) {
            StoredImage first = tags.getFirst();
            out.add(new ImageSummary(first.imageId().toString(), "", repoTags(tags), repoDigests(first.imageId()),
                    first.created().getEpochSecond(), first.size(), -1, first.size(), labels(first.config()), -1));
        }
        ex.json(200, out);
    }

    private void inspect(ApiExchange ex) throws IOException {
        String name = ex.request().param("name");
        StoredImage image = ctx.images().find(name).orElseThrow(() -> new ImageNotFoundException("No such image: " + name));
        List<StoredImage> sameId = ctx.images().list().stream().filter(i -> i.imageId().equals(image.imageId())).toList();
        ImageConfig c = image.config();
        List<String> layers = c.rootfs() == null || c.rootfs().diffIds() == null ? List.of()
                : c.rootfs().diffIds().stream().map(Digest::toString).toList();
        ex.json(200, new ImageInspect(image.imageId().toString(), repoTags(sameId), repoDigests(image.imageId()), "", "",
                c.created(), c.author(), c.config(), c.architecture(), c.variant(), c.os(), image.size(),
                Map.of("Name", "overlay2", "Data", Map.of()), new ImageInspect.RootFs("layers", layers)));
    }

    /**
     * Docker's pull: {@code fromImage} (which may carry its own tag) plus {@code tag} (a tag or a
     * digest). Progress streams as JSON lines; a failure before the first line is a plain error
     * answer (the docker CLI then prints "Error response from daemon: ...").
     */
    private void pull(ApiExchange ex) throws IOException {
        String from = ex.request().query("fromImage");
        if (from == null || from.isEmpty()) {
            throw new ApiException(501, "only pulling (fromImage) is supported, not importing (fromSrc)");
        }
        String tag = ex.request().query("tag", "");
        String spec = tag.isEmpty() ? from : tag.startsWith("sha256:") ? from + "@" + tag : from + ":" + tag;
        ImageReference ref = ImageReference.parse(spec);
        String platform = ex.request().query("platform", "");
        Platform p = platform.isEmpty() ? Platform.host() : Platform.parse(platform);
        String shown = ref.familiarName() + (ref.digest() != null ? "@" + ref.digest() : ":" + ref.tag());
        try (JsonLineStream lines = new JsonLineStream(ex)) {
            PullProgressLines progress = new PullProgressLines(lines,
                    ref.digest() != null ? ref.digest().toString() : ref.tag(), "Pulling from " + ref.repository());
            try {
                PullResult r = RegistryPull.pull(ctx.images(), ref, p, List.of(), MAX_CONCURRENT_DOWNLOADS, progress);
                progress.send(ProgressMessage.status(null, "Digest: " + r.manifestDigest()));
                progress.send(ProgressMessage.status(null, (r.downloaded() ? "Status: Downloaded newer image for "
                        : "Status: Image is up to date for ") + shown));
            } catch (RuntimeException e) {
                if (!lines.started()) throw e;
                lines.write(ProgressMessage.failure(e.getMessage()));
            }
        }
    }

    private void remove(ApiExchange ex) throws IOException {
        List<ImageDeleteItem> out = new ArrayList<>();
        for (String line : new ImageRemover(ctx.images()).remove(ex.request().param("name"), ex.request().flag("force"))) {
            if (line.startsWith("Untagged: ")) out.add(new ImageDeleteItem(line.substring(10), null));
            else if (line.startsWith("Deleted: ")) out.add(new ImageDeleteItem(null, line.substring(9)));
        }
        ex.json(200, out);
    }

    private static List<String> repoTags(List<StoredImage> sameId) {
        return sameId.stream().filter(i -> i.reference() != null && i.reference().tag() != null)
                .map(i -> i.reference().familiarName() + ":" + i.reference().tag()).distinct().toList();
    }

    /** {@code busybox@sha256:...}: the familiar form, as {@code docker images --digests} shows. */
    private List<String> repoDigests(Digest id) {
        ImageRecord r = ctx.images().db().read().images().get(id.toString());
        if (r == null) return List.of();
        return r.repoDigests().stream().map(rd -> {
            ImageReference ref = ImageReference.parse(rd);
            return ref.familiarName() + "@" + ref.digest();
        }).toList();
    }

    private static Map<String, String> labels(ImageConfig c) {
        return c != null && c.config() != null && c.config().labels() != null ? c.config().labels() : Map.of();
    }
}
