package dev.minidocker.api.engine;

import dev.minidocker.api.ApiException;
import dev.minidocker.api.ApiExchange;
import dev.minidocker.api.BodyLimit;
import dev.minidocker.api.Router;
import dev.minidocker.api.model.IdResponse;
import dev.minidocker.api.model.ProgressMessage;
import dev.minidocker.api.model.PushAux;
import dev.minidocker.engine.Engine;
import dev.minidocker.engine.container.CommitRequest;
import dev.minidocker.engine.container.PathStat;
import dev.minidocker.engine.image.PushedTag;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Making images through the Engine API: {@code POST /commit}, {@code POST /images/{name}/tag},
 * {@code POST /images/{name}/push} (X-Registry-Auth, streamed progress as dockerd sends it).
 */
final class AuthoringEndpoints {
    private final Engine engine;

    AuthoringEndpoints(Engine engine) {
        this.engine = engine;
    }

    /** An import's or a cp's tar arrives as a stream, read as it comes (up to 64 GiB). */
    static final BodyLimit STREAMED_TAR = BodyLimit.streamed(64L << 30);

    void register(Router r) {
        r.post("/commit", this::commit);
        r.post("/images/{name*}/tag", this::tag);
        r.post("/images/{name*}/push", this::push);
        r.get("/containers/{id}/export", this::export);
        r.get("/containers/{id}/archive", this::archive);
        r.head("/containers/{id}/archive", this::archiveStat);
        r.add("PUT", "/containers/{id}/archive", STREAMED_TAR, this::extract);
    }

    /**
     * {@code POST /images/create?fromSrc=-} (ImageEndpoints hands it over): the body is the
     * tarball; the answer Docker's one JSON line {"status": "sha256:..."}.
     */
    void importImage(ApiExchange ex) throws IOException {
        var q = ex.request();
        String src = q.query("fromSrc", "-");
        if (!src.equals("-")) {
            throw ApiException.badRequest("importing from a URL is not supported: send the tarball as the body (fromSrc=-)");
        }
        String repo = q.query("repo", "");
        String tag = q.query("tag", "");
        String repoTag = repo.isEmpty() ? null : tag.isEmpty() ? repo : repo + ":" + tag;
        List<String> changes = q.query().getOrDefault("changes", List.of()).stream().filter(c -> !c.isEmpty()).toList();
        String id = engine.images().importImage(q.body(), "-", repoTag, changes, q.query("message"));
        try (JsonLineStream lines = new JsonLineStream(ex)) {
            lines.write(new ProgressMessage(id, null, null, null, null));
        }
    }

    private void export(ApiExchange ex) throws IOException {
        String id = engine.containers().resolve(ex.request().param("id"));
        try (OutputStream out = ex.stream(200, "application/x-tar")) {
            engine.containers().export(id, out);
        }
    }

    private void archive(ApiExchange ex) throws IOException {
        String id = ex.request().param("id");   // the name as given: docker's messages quote it
        engine.containers().resolve(id);
        String path = requiredPath(ex);
        PathStat st = engine.containers().statPath(id, path);
        ex.header(STAT_HEADER, statHeader(st));
        try (OutputStream out = ex.stream(200, "application/x-tar")) {
            engine.containers().archive(id, path, null, out);
        }
    }

    private void archiveStat(ApiExchange ex) throws IOException {
        String id = ex.request().param("id");
        ex.header(STAT_HEADER, statHeader(engine.containers().statPath(id, requiredPath(ex))));
        ex.empty(200);
    }

    private void extract(ApiExchange ex) throws IOException {
        String id = ex.request().param("id");
        engine.containers().extract(id, requiredPath(ex), ex.request().body());
        ex.empty(200);
    }

    private static final String STAT_HEADER = "X-Docker-Container-Path-Stat";

    private static String requiredPath(ApiExchange ex) {
        String path = ex.request().query("path", "");
        if (path.isEmpty()) throw ApiException.badRequest("path is required");
        return path;
    }

    /** Docker's header: base64 of {"name","size","mode","mtime","linkTarget"} (mtime as RFC 3339). */
    private static String statHeader(PathStat st) {
        var json = dev.minidocker.json.Json.MAPPER.createObjectNode();
        json.put("name", st.name());
        json.put("size", st.size());
        json.put("mode", st.mode());
        json.put("mtime", java.time.Instant.ofEpochSecond(st.mtime()).toString());
        json.put("linkTarget", st.linkTarget());
        return java.util.Base64.getEncoder().encodeToString(json.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private void commit(ApiExchange ex) throws IOException {
        var q = ex.request();
        String container = q.query("container", "");
        String repo = q.query("repo", "");
        String tag = q.query("tag", "");
        String repoTag = repo.isEmpty() ? null : tag.isEmpty() ? repo : repo + ":" + tag;
        List<String> changes = q.query().getOrDefault("changes", List.of()).stream().filter(c -> !c.isEmpty()).toList();
        boolean pause = q.query("pause") == null || q.flag("pause");
        String id = engine.containers().commit(new CommitRequest(container, repoTag, q.query("comment"),
                q.query("author"), changes, pause));
        ex.json(201, new IdResponse(id));
    }

    private void tag(ApiExchange ex) throws IOException {
        String repo = ex.request().query("repo", "");
        String tag = ex.request().query("tag", "");
        engine.images().tag(ex.request().param("name"), tag.isEmpty() ? repo : repo + ":" + tag);
        ex.empty(201);
    }

    private void push(ApiExchange ex) throws IOException {
        String name = ex.request().param("name");
        String tag = ex.request().query("tag", "");
        boolean allTags = tag.isEmpty();
        String spec = allTags ? name : name + ":" + tag;
        var auth = RegistryAuthHeader.parse(ex.request().header("X-Registry-Auth"));
        try (JsonLineStream lines = new JsonLineStream(ex)) {
            try {
                List<PushedTag> pushed = engine.images().push(spec, allTags, List.of(), auth, new PushProgressLines(lines));
                for (PushedTag p : pushed) lines.write(new PushAux(p.tag(), p.digest(), p.size()));
            } catch (RuntimeException e) {
                if (!lines.started()) throw e;
                lines.write(ProgressMessage.failure(e.getMessage()));
            }
        }
    }
}
