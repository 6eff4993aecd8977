package dev.minidocker.api.engine;

import dev.minidocker.api.ApiExchange;
import dev.minidocker.api.Router;
import dev.minidocker.api.model.IdResponse;
import dev.minidocker.api.model.ProgressMessage;
import dev.minidocker.api.model.PushAux;
import dev.minidocker.engine.Engine;
import dev.minidocker.engine.container.CommitRequest;
import dev.minidocker.engine.image.PushedTag;
import java.io.IOException;
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

    void register(Router r) {
        r.post("/commit", this::commit);
        r.post("/images/{name*}/tag", this::tag);
        r.post("/images/{name*}/push", this::push);
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
