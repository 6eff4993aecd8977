package dev.minidocker.api.engine;

import dev.minidocker.api.ApiExchange;
import dev.minidocker.api.Router;
import dev.minidocker.api.model.ContainerSummary;
import dev.minidocker.engine.DiskUsage;
import dev.minidocker.engine.Engine;
import dev.minidocker.engine.Filters;
import dev.minidocker.engine.container.ContainerChange;
import dev.minidocker.engine.container.ContainerEntry;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The read-only container endpoints: {@code GET /containers/json} (ps, with sizes for ps -s), {@code GET /containers/{id}/json}
 * (inspect) and {@code GET /containers/{id}/changes} (diff).
 */
final class ContainerQueryEndpoints {
    private final Engine engine;

    ContainerQueryEndpoints(Engine engine) {
        this.engine = engine;
    }

    void register(Router r) {
        r.get("/containers/json", this::list);
        r.get("/containers/{id}/json", this::inspect);
        r.get("/containers/{id}/changes", this::changes);
    }

    /** Running containers, all with {@code all=1}, newest first; Docker's filters (engine/container/ContainerFilter). */
    private void list(ApiExchange ex) throws IOException {
        boolean all = ex.request().flag("all");
        Filters filters = Filters.fromJson(ex.request().query("filters", null));
        int limit = ex.request().intQuery("limit", -1);
        Instant now = Instant.now();
        List<ContainerEntry> listed = engine.containers().list(filters, all || limit > 0, true);
        if (limit > 0 && listed.size() > limit) listed = listed.subList(0, limit);
        // ?size=1 (ps -s): each one's writable layer and, with its image, its whole root filesystem
        Map<String, DiskUsage.ContainerUsage> sizes = new HashMap<>();
        if (ex.request().flag("size")) for (DiskUsage.ContainerUsage u : engine.containerSizes(listed)) sizes.put(u.container().id(), u);
        List<ContainerSummary> out = new ArrayList<>();
        for (ContainerEntry c : listed) {
            ContainerSummary summary = ContainerViews.summary(c, now, engine.root().resolve("volumes"));
            DiskUsage.ContainerUsage size = sizes.get(c.id());
            out.add(size == null ? summary : summary.withSizes(size.sizeRw(), size.sizeRootFs()));
        }
        ex.json(200, out);
    }

    private void inspect(ApiExchange ex) throws IOException {
        String id = ex.request().param("id");
        ex.json(200, ex.request().flag("size") ? engine.containers().inspectWithSize(id) : engine.containers().inspect(id));
    }

    /** Docker's changes: {"Path", "Kind"} with Kind 0 changed, 1 added, 2 deleted; null for none, as docker's. */
    private void changes(ApiExchange ex) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ContainerChange change : engine.containers().diff(ex.request().param("id"))) {
            int kind = switch (change.kind()) {
                case 'C' -> 0;
                case 'A' -> 1;
                default -> 2;
            };
            out.add(Map.of("Path", change.path(), "Kind", kind));
        }
        ex.json(200, out.isEmpty() ? null : out);
    }

}
