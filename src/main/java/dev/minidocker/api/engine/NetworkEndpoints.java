package dev.minidocker.api.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.minidocker.MiniDockerException;
import dev.minidocker.api.ApiException;
import dev.minidocker.api.ApiExchange;
import dev.minidocker.api.Router;
import dev.minidocker.network.NetworkConfig;
import dev.minidocker.network.NetworkInspection;
import dev.minidocker.network.NetworkManager;
import dev.minidocker.network.NetworkStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code docker network ls/inspect/create/rm/prune} over the Engine API: the same
 * {@link NetworkManager} the CLI's {@code network} verbs use, with Docker's statuses (404 for an
 * unknown network, 409 for a taken name, 403 for a network in use).
 */
final class NetworkEndpoints {
    private final EngineContext ctx;

    NetworkEndpoints(EngineContext ctx) {
        this.ctx = ctx;
    }

    void register(Router r) {
        r.get("/networks", this::list);
        r.post("/networks/create", this::create);
        r.post("/networks/prune", this::prune);
        r.get("/networks/{id}", this::inspect);
        r.delete("/networks/{id}", this::remove);
    }

    private NetworkManager manager() {
        return new NetworkManager(new NetworkStore(ctx.root()), ctx.containers());
    }

    private NetworkConfig find(NetworkManager m, String nameOrId) {
        try {
            return m.find(nameOrId);
        } catch (MiniDockerException e) {
            throw e.getMessage().endsWith("not found") ? ApiException.notFound(e.getMessage()) : e;
        }
    }

    private void list(ApiExchange ex) throws IOException {
        NetworkManager m = manager();
        JsonNode filters = ex.request().jsonQuery("filters");
        List<NetworkInspection> out = new ArrayList<>();
        for (NetworkConfig n : m.list()) {
            if (filters != null && !matches(filters.get("name"), n.name())) continue;
            out.add(m.inspect(n));
        }
        ex.json(200, out);
    }

    /** Docker's name filter matches substrings; it comes as a list or a {value: true} map. */
    private static boolean matches(JsonNode values, String name) {
        if (values == null) return true;
        List<String> wanted = new ArrayList<>();
        if (values.isArray()) values.forEach(v -> wanted.add(v.asText()));
        else values.fieldNames().forEachRemaining(wanted::add);
        return wanted.isEmpty() || wanted.stream().anyMatch(name::contains);
    }

    private void inspect(ApiExchange ex) throws IOException {
        NetworkManager m = manager();
        ex.json(200, m.inspect(find(m, ex.request().param("id"))));
    }

    private void create(ApiExchange ex) throws IOException {
        JsonNode body = ex.request().json(JsonNode.class);
        String name = body == null ? "" : body.path("Name").asText("");
        if (name.isEmpty()) throw ApiException.badRequest("network name is required");
        String driver = body.path("Driver").asText("");
        if (!driver.isEmpty() && !driver.equals("bridge")) {
            throw ApiException.badRequest("network driver " + driver + " is not supported: only bridge");
        }
        if (name.equals("none") || name.equals("host") || name.equals(NetworkConfig.DEFAULT)
                || manager().list().stream().anyMatch(n -> n.name().equals(name))) {
            throw ApiException.conflict("network with name " + name + " already exists");
        }
        String subnet = null;
        for (JsonNode c : body.path("IPAM").path("Config")) {
            if (!c.path("Subnet").asText("").isEmpty()) subnet = c.path("Subnet").asText();
        }
        NetworkConfig n = manager().create(name, subnet);
        ex.json(201, Map.of("Id", n.id(), "Warning", ""));
    }

    private void remove(ApiExchange ex) throws IOException {
        NetworkManager m = manager();
        NetworkConfig n = find(m, ex.request().param("id"));
        try {
            m.remove(n.id());
        } catch (MiniDockerException e) {
            if (e.getMessage().contains("active endpoints") || e.getMessage().contains("pre-defined")) {
                throw new ApiException(403, e.getMessage());
            }
            throw e;
        }
        ex.empty(204);
    }

    private void prune(ApiExchange ex) throws IOException {
        ex.json(200, Map.of("NetworksDeleted", manager().prune()));
    }
}
