package dev.minidocker.api.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.minidocker.api.ApiExchange;
import dev.minidocker.api.Router;
import dev.minidocker.api.model.ContainerSummary;
import dev.minidocker.engine.Engine;
import dev.minidocker.engine.container.ContainerEntry;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** The read-only container endpoints: {@code GET /containers/json} (ps) and {@code GET /containers/{id}/json} (inspect). */
final class ContainerQueryEndpoints {
    private final Engine engine;

    ContainerQueryEndpoints(Engine engine) {
        this.engine = engine;
    }

    void register(Router r) {
        r.get("/containers/json", this::list);
        r.get("/containers/{id}/json", this::inspect);
    }

    /** Running containers, all with {@code all=1}, newest first; filters status, id, name. */
    private void list(ApiExchange ex) throws IOException {
        boolean all = ex.request().flag("all");
        JsonNode filters = ex.request().jsonQuery("filters");
        int limit = ex.request().intQuery("limit", -1);
        Instant now = Instant.now();
        boolean statusFiltered = filters != null && filters.has("status");
        List<ContainerSummary> out = new ArrayList<>();
        for (ContainerEntry c : engine.containers().list(true)) {
            if (!all && !statusFiltered && !c.status().running()) continue;
            if (!matches(filters, c)) continue;
            if (limit > 0 && out.size() == limit) break;
            out.add(ContainerViews.summary(c, now, engine.root().resolve("volumes")));
        }
        ex.json(200, out);
    }

    private void inspect(ApiExchange ex) throws IOException {
        ex.json(200, engine.containers().inspect(ex.request().param("id")));
    }

    /** Docker's filters: {@code {"status":["exited"],"name":["web"],"id":["3f2a"]}}, each a list of alternatives. */
    private static boolean matches(JsonNode filters, ContainerEntry c) {
        if (filters == null) return true;
        return anyOf(filters.get("status"), v -> v.equals(c.status().status()))
                && anyOf(filters.get("id"), c.id()::startsWith)
                && allOf(filters.get("label"), v -> hasLabel(c.labels(), v))
                && anyOf(filters.get("name"), v -> c.name().contains(v.startsWith("/") ? v.substring(1) : v));
    }

    /** Docker's label filter: "k" (present) or "k=v" (that value). */
    static boolean hasLabel(java.util.Map<String, String> labels, String filter) {
        int eq = filter.indexOf('=');
        if (eq < 0) return labels.containsKey(filter);
        return filter.substring(eq + 1).equals(labels.get(filter.substring(0, eq)));
    }

    /** True when the filter is absent, or every one of its values passes (labels: all must match). */
    private static boolean allOf(JsonNode values, Predicate<String> test) {
        if (values == null) return true;
        List<String> list = new ArrayList<>();
        if (values.isArray()) values.forEach(v -> list.add(v.asText()));
        else values.fieldNames().forEachRemaining(list::add);
        return list.stream().allMatch(test);
    }

    /** True when the filter is absent, or any of its values passes. Docker sends either a list or a {value: true} map. */
    private static boolean anyOf(JsonNode values, Predicate<String> test) {
        if (values == null) return true;
        List<String> list = new ArrayList<>();
        if (values.isArray()) values.forEach(v -> list.add(v.asText()));
        else values.fieldNames().forEachRemaining(list::add);
        return list.isEmpty() || list.stream().anyMatch(test);
    }
}
