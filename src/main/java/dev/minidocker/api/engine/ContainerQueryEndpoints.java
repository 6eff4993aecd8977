package dev.minidocker.api.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.minidocker.api.ApiExchange;
import dev.minidocker.api.Router;
import dev.minidocker.api.model.ContainerSummary;
import dev.minidocker.network.ContainerNetworking;
import dev.minidocker.network.Endpoint;
import dev.minidocker.runtime.container.ContainerInspection;
import dev.minidocker.state.ContainerRecord;
import dev.minidocker.state.ContainerState;
import dev.minidocker.state.NoSuchContainerException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The read-only container endpoints: {@code GET /containers/json} (ps) and {@code GET /containers/{id}/json} (inspect). */
final class ContainerQueryEndpoints {
    private final EngineContext ctx;

    ContainerQueryEndpoints(EngineContext ctx) {
        this.ctx = ctx;
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
        record Row(ContainerRecord record, ContainerState state) {}
        List<Row> rows = new ArrayList<>();
        for (String id : ctx.containers().ids()) {
            Optional<ContainerRecord> record = ctx.containers().load(id);
            Optional<ContainerState> state = ctx.effectiveState(id);
            if (record.isEmpty() || state.isEmpty()) continue; // removed while we listed
            boolean statusFiltered = filters != null && filters.has("status");
            if (!all && !statusFiltered && !state.get().isRunning()) continue;
            if (!matches(filters, record.get(), state.get())) continue;
            rows.add(new Row(record.get(), state.get()));
        }
        rows.sort(Comparator.comparing((Row r) -> Instant.parse(r.record().created())).reversed());
        List<ContainerSummary> out = new ArrayList<>();
        for (Row r : rows) {
            if (limit > 0 && out.size() == limit) break;
            Endpoint endpoint = r.state().isRunning() ? endpointOf(r.record().id()) : null;
            out.add(ContainerViews.summary(r.record(), r.state(), now, endpoint));
        }
        ex.json(200, out);
    }

    private Endpoint endpointOf(String id) {
        try {
            return ContainerNetworking.endpointIn(ctx.containers().containerDir(id)).orElse(null);
        } catch (RuntimeException unreadable) {
            return null; // removed while we listed
        }
    }

    private void inspect(ApiExchange ex) throws IOException {
        String id = ctx.containers().resolve(ex.request().param("id"));
        ContainerRecord record = ctx.containers().load(id).orElseThrow(() -> new NoSuchContainerException(id));
        ContainerState state = ctx.effectiveState(id).orElseThrow(() -> new NoSuchContainerException(id));
        ex.json(200, ContainerInspection.of(record, state, ctx.containers().containerDir(id)));
    }

    /** Docker's filters: {@code {"status":["exited"],"name":["web"],"id":["3f2a"]}}, each a list of alternatives. */
    private static boolean matches(JsonNode filters, ContainerRecord c, ContainerState s) {
        if (filters == null) return true;
        return anyOf(filters.get("status"), v -> v.equals(s.status()))
                && anyOf(filters.get("id"), c.id()::startsWith)
                && anyOf(filters.get("name"), v -> c.name().contains(v.startsWith("/") ? v.substring(1) : v));
    }

    /** True when the filter is absent, or any of its values passes. Docker sends either a list or a {value: true} map. */
    private static boolean anyOf(JsonNode values, java.util.function.Predicate<String> test) {
        if (values == null) return true;
        List<String> list = new ArrayList<>();
        if (values.isArray()) values.forEach(v -> list.add(v.asText()));
        else values.fieldNames().forEachRemaining(list::add);
        return list.isEmpty() || list.stream().anyMatch(test);
    }
}
