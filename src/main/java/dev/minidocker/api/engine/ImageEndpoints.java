package dev.minidocker.api.engine;

import dev.minidocker.api.ApiException;
import dev.minidocker.api.ApiExchange;
import dev.minidocker.api.Router;
import dev.minidocker.api.model.ImageDeleteItem;
import dev.minidocker.api.model.ImageInspect;
import dev.minidocker.api.model.ImageSummary;
import dev.minidocker.api.model.ProgressMessage;
import dev.minidocker.engine.Engine;
import dev.minidocker.engine.Filters;
import dev.minidocker.engine.image.ImageDetails;
import dev.minidocker.engine.image.ImageEntry;
import dev.minidocker.engine.image.ImageService;
import dev.minidocker.NotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /images/json}, {@code /images/{name}/json}, {@code /images/create} (pull), {@code DELETE /images/{name}}. */
final class ImageEndpoints {
    private static final int MAX_CONCURRENT_DOWNLOADS = 3;
    private final Engine engine;

    ImageEndpoints(Engine engine) {
        this.engine = engine;
    }

    void register(Router r) {
        r.get("/images/json", this::list);
        r.get("/images/get", ex -> save(ex, ex.request().query().getOrDefault("names", List.of())));
        r.post("/images/load", AuthoringEndpoints.STREAMED_TAR, this::load);
        r.post("/images/prune", this::prune);
        r.post("/images/create", AuthoringEndpoints.STREAMED_TAR, this::pull);
        r.get("/images/{name*}/json", this::inspect);
        r.get("/images/{name*}/history", this::history);
        r.get("/images/{name*}/get", ex -> save(ex, List.of(ex.request().param("name"))));
        r.delete("/images/{name*}", this::remove);
    }

    /** One entry per image id with all its tags, newest first (the store's order). */
    private void list(ApiExchange ex) throws IOException {
        ImageService images = engine.images();
        Map<String, List<ImageEntry>> byId = new LinkedHashMap<>();
        Filters filters = Filters.fromJson(ex.request().query("filters", null));
        for (ImageEntry i : images.list(filters)) byId.computeIfAbsent(i.id(), k -> new ArrayList<>()).add(i);
        List<ImageSummary> out = new ArrayList<>();
        for (List<ImageEntry> tags : byId.values()) {
            ImageEntry first = tags.getFirst();
            List<String> digests = images.repoDigests(first.id());
            // a reference filter lists the digests of the repositories it let through only, as Docker's
            if (filters.has("reference")) digests = digestsOf(digests, tags);
            out.add(new ImageSummary(first.id(), "", repoTags(tags), digests,
                    first.created().getEpochSecond(), first.size(), -1, first.size(), first.labels(), -1));
        }
        ex.json(200, out);
    }

    /** The "repo@sha256:..." of {@code digests} whose repository one of {@code tags} names. */
    private static List<String> digestsOf(List<String> digests, List<ImageEntry> tags) {
        List<String> kept = new ArrayList<>();
        for (String d : digests) {
            int at = d.indexOf('@');
            for (ImageEntry t : tags) {
                if (at > 0 && d.substring(0, at).equals(t.repository())) {
                    kept.add(d);
                    break;
                }
            }
        }
        return kept;
    }

    /** Docker's {@code image prune}: {"ImagesDeleted": [{"Untagged": ...}, {"Deleted": ...}], "SpaceReclaimed": 0}. */
    private void prune(ApiExchange ex) throws IOException {
        Filters filters = Filters.fromJson(ex.request().query("filters", null));
        ex.json(200, Map.of("ImagesDeleted", deleteItems(engine.images().prune(filters)), "SpaceReclaimed", 0));
    }

    private void inspect(ApiExchange ex) throws IOException {
        String name = ex.request().param("name");
        ImageDetails d = engine.images().inspect(name).orElseThrow(() -> new NotFoundException("No such image: " + name));
        ex.json(200, new ImageInspect(d.id(), d.repoTags(), d.repoDigests(), "", "", d.created(), d.author(),
                d.config(), d.architecture(), d.variant(), d.os(), d.size(),
                Map.of("Name", "overlay2", "Data", Map.of()), new ImageInspect.RootFs("layers", d.layers())));
    }

    /**
     * Docker's pull: {@code fromImage} (which may carry its own tag) plus {@code tag} (a tag or a
     * digest). Progress streams as JSON lines; a failure before the first line is a plain error
     * answer (the docker CLI then prints "Error response from daemon: ...").
     */
    private void pull(ApiExchange ex) throws IOException {
        String from = ex.request().query("fromImage");
        if ((from == null || from.isEmpty()) && ex.request().query("fromSrc") != null) {
            new AuthoringEndpoints(engine).importImage(ex); // import: the body is a tarball
            return;
        }
        if (from == null || from.isEmpty()) throw ApiException.badRequest("fromImage or fromSrc is required");
        String tag = ex.request().query("tag", "");
        String spec = tag.isEmpty() ? from : tag.startsWith("sha256:") ? from + "@" + tag : from + ":" + tag;
        String platform = ex.request().query("platform", "");
        var auth = RegistryAuthHeader.parse(ex.request().header("X-Registry-Auth"));
        try (JsonLineStream lines = new JsonLineStream(ex)) {
            try {
                engine.images().pull(spec, platform.isEmpty() ? null : platform, List.of(), MAX_CONCURRENT_DOWNLOADS,
                        auth, new PullProgressLines(lines));
            } catch (RuntimeException e) {
                if (!lines.started()) throw e;
                lines.write(ProgressMessage.failure(e.getMessage()));
            }
        }
    }

    /** {@code docker save}: {@code GET /images/get?names=a&names=b} or {@code /images/{name}/get}, one tar. */
    private void save(ApiExchange ex, List<String> names) throws IOException {
        if (names.isEmpty()) throw ApiException.badRequest("no images named: give names=IMAGE");
        try (TarBody body = new TarBody(ex)) {
            engine.images().save(names, body);
        }
    }

    /** The answer's body, started with the first byte: a failure before it is still a proper error status. */
    private static final class TarBody extends java.io.OutputStream {
        private final ApiExchange ex;
        private java.io.OutputStream out;

        TarBody(ApiExchange ex) {
            this.ex = ex;
        }

        private java.io.OutputStream out() throws IOException {
            if (out == null) out = ex.stream(200, "application/x-tar");
            return out;
        }

        @Override
        public void write(int b) throws IOException {
            out().write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out().write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            if (out != null) out.close();
        }
    }

    /** {@code docker load}: the body is the archive; the answer Docker's JSON lines ({"stream": "Loaded image: ...\n"}). */
    private void load(ApiExchange ex) throws IOException {
        List<String> loaded = engine.images().load(ex.request().body());
        try (JsonLineStream lines = new JsonLineStream(ex)) {
            for (String line : loaded) lines.write(Map.of("stream", line + "\n"));
        }
    }

    /** Docker's history: [{Id, Created, CreatedBy, Tags, Size, Comment}], newest first. */
    private void history(ApiExchange ex) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ImageService.HistoryEntry h : engine.images().history(ex.request().param("name"))) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Id", h.id());
            m.put("Created", h.created().getEpochSecond());
            m.put("CreatedBy", h.createdBy());
            m.put("Tags", h.tags().isEmpty() ? null : h.tags());
            m.put("Size", h.size());
            m.put("Comment", h.comment());
            out.add(m);
        }
        ex.json(200, out);
    }

    private void remove(ApiExchange ex) throws IOException {
        ex.json(200, deleteItems(engine.images().remove(ex.request().param("name"), ex.request().flag("force"))));
    }

    private static List<ImageDeleteItem> deleteItems(List<String> lines) {
        List<ImageDeleteItem> out = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("Untagged: ")) out.add(new ImageDeleteItem(line.substring(10), null));
            else if (line.startsWith("Deleted: ")) out.add(new ImageDeleteItem(null, line.substring(9)));
        }
        return out;
    }

    private static List<String> repoTags(List<ImageEntry> sameId) {
        List<String> out = new ArrayList<>();
        for (ImageEntry i : sameId) if (i.repoTag() != null && !out.contains(i.repoTag())) out.add(i.repoTag());
        return out;
    }
}
