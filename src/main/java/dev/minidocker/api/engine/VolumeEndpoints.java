package dev.minidocker.api.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.minidocker.MiniDockerException;
import dev.minidocker.api.ApiException;
import dev.minidocker.api.ApiExchange;
import dev.minidocker.api.Router;
import dev.minidocker.engine.Engine;
import dev.minidocker.engine.volume.VolumeService;
import dev.minidocker.engine.Filters;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /volumes}: list (filters name, label, dangling), create, inspect, remove, prune, with
 * Docker's statuses (404 for an unknown volume, 409 for one in use).
 */
final class VolumeEndpoints {
    private final Engine engine;

    VolumeEndpoints(Engine engine) {
        this.engine = engine;
    }

    void register(Router r) {
        r.get("/volumes", this::list);
        r.post("/volumes/create", this::create);
        r.post("/volumes/prune", this::prune);
        r.get("/volumes/{name}", this::inspect);
        r.delete("/volumes/{name}", this::remove);
    }

    private VolumeService volumes() {
        return engine.volumes();
    }


    /** Docker's volume filters: name (a substring), label, label!, dangling, driver; others are 400. */
    private void list(ApiExchange ex) throws IOException {
        Filters filters = Filters.fromJson(ex.request().query("filters", null));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Volumes", volumes().list(filters));
        body.put("Warnings", List.of());
        ex.json(200, body);
    }

    private void create(ApiExchange ex) throws IOException {
        JsonNode body = ex.request().json(JsonNode.class);
        String name = body == null ? "" : body.path("Name").asText("");
        String driver = body == null ? "" : body.path("Driver").asText("");
        Map<String, String> labels = strings(body == null ? null : body.get("Labels"));
        Map<String, String> opts = strings(body == null ? null : body.get("DriverOpts"));
        try {
            ex.json(201, volumes().create(name, driver, labels, opts));
        } catch (MiniDockerException e) {
            if (e.getMessage().contains("plugin")) throw ApiException.notFound(e.getMessage());
            throw e;
        }
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> m = new LinkedHashMap<>();
        if (object != null && object.isObject()) {
            for (Map.Entry<String, JsonNode> e : object.properties()) m.put(e.getKey(), e.getValue().asText());
        }
        return m;
    }

    private void inspect(ApiExchange ex) throws IOException {
        ex.json(200, volumes().inspect(ex.request().param("name")));
    }

    private void remove(ApiExchange ex) throws IOException {
        try {
            volumes().remove(ex.request().param("name"), ex.request().flag("force"));
        } catch (MiniDockerException e) {
            if (e.getMessage().contains("volume is in use")) throw ApiException.conflict(e.getMessage());
            throw e;
        }
        ex.empty(204);
    }

    private void prune(ApiExchange ex) throws IOException {
        VolumeService.Pruned p = volumes().prune(false, Filters.fromJson(ex.request().query("filters", null)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("VolumesDeleted", p.names());
        body.put("SpaceReclaimed", p.spaceReclaimed());
        ex.json(200, body);
    }
}
