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
        r.post("/networks/{id}/connect", this::connect);
        r.post("/networks/{id}/disconnect", this::disconnect);
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
        NetworkEntry n = networks().create(name, subnet, strings(body.get("Options")), strings(body.get("Labels")),
                body.path("Internal").asBoolean(false));
        ex.json(201, Map.of("Id", n.id(), "Warning", ""));
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        if (object != null && object.isObject()) {
            for (Map.Entry<String, JsonNode> e : object.properties()) m.put(e.getKey(), e.getValue().asText());
        }
        return m;
    }

    /** {"Container": "x", "EndpointConfig": {"Aliases": [...], "IPAMConfig": {"IPv4Address": "..."}}}. */
    private void connect(ApiExchange ex) throws IOException {
        NetworkEntry n = find(ex.request().param("id"));
        JsonNode body = ex.request().json(JsonNode.class);
        String container = body == null ? "" : body.path("Container").asText("");
        if (container.isEmpty()) throw ApiException.badRequest("Container is required");
        List<String> aliases = new ArrayList<>();
        for (JsonNode a : body.path("EndpointConfig").path("Aliases")) aliases.add(a.asText());
        String ip = body.path("EndpointConfig").path("IPAMConfig").path("IPv4Address").asText("");
        try {
            networks().connect(n.id(), container, aliases, ip);
        } catch (MiniDockerException e) {
            throw status(e);
        }
        ex.empty(200);
    }

    private void disconnect(ApiExchange ex) throws IOException {
        NetworkEntry n = find(ex.request().param("id"));
        JsonNode body = ex.request().json(JsonNode.class);
        String container = body == null ? "" : body.path("Container").asText("");
        if (container.isEmpty()) throw ApiException.badRequest("Container is required");
        try {
            networks().disconnect(n.id(), container, body.path("Force").asBoolean(false));
        } catch (MiniDockerException e) {
            throw status(e);
        }
        ex.empty(200);
    }

    /** Docker's statuses for connect and disconnect failures. */
    private static RuntimeException status(MiniDockerException e) {
        String m = e.getMessage();
        if (e instanceof dev.minidocker.NotFoundException || m.startsWith("No such container")) return e;
        if (m.contains("already exists in network") || m.contains("is not connected to network")
                || m.contains("host network")) {
            return new ApiException(403, m);
        }
        if (m.contains("one network at a time") || m.contains("does not support")) return new ApiException(501, m);
        if (m.contains("alias")) return ApiException.badRequest(m);
        return e;
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
