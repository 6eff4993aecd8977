package dev.minidocker.api.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.minidocker.MiniDockerException;
import dev.minidocker.api.ApiException;
import dev.minidocker.api.ApiExchange;
import dev.minidocker.api.Router;
import dev.minidocker.engine.Engine;
import dev.minidocker.engine.Filters;
import dev.minidocker.engine.network.NetworkEntry;
import dev.minidocker.engine.network.NetworkService;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code docker network ls/inspect/create/rm/prune} over the Engine API: the same network service
 * the CLI's {@code network} verbs use, with Docker's statuses (404 for an unknown network, 409 for
 * a taken name, 403 for a network in use).
 */
final class NetworkEndpoints {
    private final Engine engine;

    NetworkEndpoints(Engine engine) {
        this.engine = engine;
    }

    void register(Router r) {
        r.get("/networks", this::list);
        r.post("/networks/create", this::create);
        r.post("/networks/prune", this::prune);
        r.get("/networks/{id}", this::inspect);
        r.delete("/networks/{id}", this::remove);
    }

    private NetworkService networks() {
        return engine.networks();
    }

    private NetworkEntry find(String nameOrId) {
        try {
            return networks().find(nameOrId);
        } catch (MiniDockerException e) {
            throw e.getMessage().endsWith("not found") ? ApiException.notFound(e.getMessage()) : e;
        }
    }

    private void list(ApiExchange ex) throws IOException {
        Filters filters = Filters.fromJson(ex.request().query("filters", null));
        List<JsonNode> out = new ArrayList<>();
        for (NetworkEntry n : networks().list(filters)) out.add(networks().inspect(n.id()));
        ex.json(200, out);
    }

    private void inspect(ApiExchange ex) throws IOException {
        ex.json(200, networks().inspect(find(ex.request().param("id")).id()));
    }

    private void create(ApiExchange ex) throws IOException {
        JsonNode body = ex.request().json(JsonNode.class);
        String name = body == null ? "" : body.path("Name").asText("");
        if (name.isEmpty()) throw ApiException.badRequest("network name is required");
        String driver = body.path("Driver").asText("");
        if (!driver.isEmpty() && !driver.equals("bridge")) {
            throw ApiException.badRequest("network driver " + driver + " is not supported: only bridge");
        }
        if (NetworkService.isPredefined(name) || networks().exists(name)) {
            throw ApiException.conflict("network with name " + name + " already exists");
        }
        String subnet = null;
        for (JsonNode c : body.path("IPAM").path("Config")) {
            if (!c.path("Subnet").asText("").isEmpty()) subnet = c.path("Subnet").asText();
        }
        NetworkEntry n = networks().create(name, subnet);
        ex.json(201, Map.of("Id", n.id(), "Warning", ""));
    }

    private void remove(ApiExchange ex) throws IOException {
        NetworkEntry n = find(ex.request().param("id"));
        try {
            networks().remove(n.id());
        } catch (MiniDockerException e) {
            if (e.getMessage().contains("active endpoints") || e.getMessage().contains("pre-defined")) {
                throw new ApiException(403, e.getMessage());
            }
            throw e;
        }
        ex.empty(204);
    }

    private void prune(ApiExchange ex) throws IOException {
        Filters filters = Filters.fromJson(ex.request().query("filters", null));
        ex.json(200, Map.of("NetworksDeleted", networks().prune(filters)));
    }
}
