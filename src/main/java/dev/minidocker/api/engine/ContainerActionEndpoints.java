package dev.minidocker.api.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.minidocker.api.ApiException;
import dev.minidocker.api.ApiExchange;
import dev.minidocker.api.Router;
import dev.minidocker.api.model.ContainerCreateRequest;
import dev.minidocker.api.model.ContainerCreateResponse;
import dev.minidocker.api.model.WaitResponse;
import dev.minidocker.engine.Engine;
import dev.minidocker.engine.Filters;
import dev.minidocker.engine.ExitStatus;
import dev.minidocker.engine.container.ContainerEvents;
import dev.minidocker.engine.container.ContainerService;
import dev.minidocker.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * Container verbs: create, start, stop, kill, restart, wait, remove. Each is one call into the
 * engine's container service, the one the CLI verbs use.
 */
final class ContainerActionEndpoints {
    /** Docker's default grace period between the stop signal and SIGKILL. */
    private final Engine engine;

    ContainerActionEndpoints(Engine engine) {
        this.engine = engine;
    }

    void register(Router r) {
        r.post("/containers/create", this::create);
        r.post("/containers/{id}/start", this::start);
        r.post("/containers/{id}/stop", this::stop);
        r.post("/containers/{id}/kill", this::kill);
        r.post("/containers/{id}/restart", this::restart);
        r.post("/containers/{id}/wait", this::await);
        r.delete("/containers/{id}", this::remove);
        r.post("/containers/prune", this::prune);
        r.post("/containers/{id}/rename", this::rename);
        r.post("/containers/{id}/pause", this::pause);
        r.post("/containers/{id}/unpause", this::unpause);
        r.post("/containers/{id}/update", this::update);
    }

    /** 204; Docker's 409 for a container that is not running or already paused. */
    private void pause(ApiExchange ex) throws IOException {
        containers().pause(ex.request().param("id"));
        ex.empty(204);
    }

    private void unpause(ApiExchange ex) throws IOException {
        containers().unpause(ex.request().param("id"));
        ex.empty(204);
    }

    /**
     * {@code docker update}: the body's resource fields (Memory, MemorySwap, NanoCpus, CpuQuota,
     * CpuShares, CpusetCpus, PidsLimit) and RestartPolicy; {"Warnings": []}.
     */
    private void update(ApiExchange ex) throws IOException {
        JsonNode tree = ex.request().json(JsonNode.class);
        if (tree == null || !tree.isObject()) throw ApiException.badRequest("the update needs a JSON body");
        dev.minidocker.model.Resources changes;
        dev.minidocker.model.RestartPolicy restart = null;
        try {
            changes = Json.MAPPER.treeToValue(tree, dev.minidocker.model.Resources.class);
            JsonNode policy = tree.path("RestartPolicy");
            if (policy.isObject() && !policy.path("Name").asText("").isEmpty()) {
                restart = dev.minidocker.model.RestartPolicy.of(policy.path("Name").asText(),
                        policy.path("MaximumRetryCount").asInt(0));
            }
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw ApiException.badRequest("invalid JSON body: " + e.getOriginalMessage());
        }
        containers().update(ex.request().param("id"), changes, restart);
        ex.json(200, Map.of("Warnings", List.of()));
    }

    private ContainerService containers() {
        return engine.containers();
    }

    private void create(ApiExchange ex) throws IOException {
        JsonNode tree = ex.request().json(JsonNode.class);
        if (tree == null || tree.isNull()) throw ApiException.badRequest("config cannot be empty in order to create a container");
        UnsupportedSettings.check(tree);
        ContainerCreateRequest body;
        try {
            body = Json.MAPPER.treeToValue(tree, ContainerCreateRequest.class);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw ApiException.badRequest("invalid JSON body: " + e.getOriginalMessage());
        }
        String id = containers().create(CreateRequestMapper.toRunRequest(body, ex.request().query("name"),
                ex.request().query("platform")), Map.of(), null);
        ex.json(201, new ContainerCreateResponse(id, List.of()));
    }

    /** 204 when started, 304 when it already ran; a command that cannot run is the client's error (400). */
    private void start(ApiExchange ex) throws IOException {
        String id = containers().resolve(ex.request().param("id"));
        if (containers().isRunning(id)) {
            ex.empty(304);
            return;
        }
        try {
            containers().start(id); // a --rm container that cannot start is removed: the CLI waits for that
        } catch (RuntimeException e) {
            if (ExitStatus.isCommandFailure(e)) throw ApiException.badRequest(e.getMessage());
            throw e;
        }
        ex.empty(204);
    }

    private void stop(ApiExchange ex) throws IOException {
        boolean wasRunning = containers().stop(ex.request().param("id"), stopTimeout(ex));
        ex.empty(wasRunning ? 204 : 304);
    }

    private void kill(ApiExchange ex) throws IOException {
        String id = containers().resolve(ex.request().param("id"));
        int signal = ContainerService.signal(ex.request().query("signal", "SIGKILL"));
        if (!containers().isRunning(id)) {
            throw ApiException.conflict("Cannot kill container: " + ex.request().param("id") + ": Container " + id
                    + " is not running");
        }
        containers().kill(id, signal);
        ex.empty(204);
    }

    /** {@code ?t=SECONDS}; absent: the container's StopTimeout (or 10), as Docker's. */
    private static Integer stopTimeout(ApiExchange ex) {
        String t = ex.request().query("t");
        return t == null || t.isEmpty() ? null : ex.request().intQuery("t", 0);
    }

    private void restart(ApiExchange ex) throws IOException {
        containers().restart(ex.request().param("id"), stopTimeout(ex));
        ex.empty(204);
    }

    /**
     * The answer's head goes out at once (the docker CLI waits for it before it starts the
     * container), the body when the condition is met.
     */
    private void await(ApiExchange ex) throws IOException {
        String id = containers().resolve(ex.request().param("id"));
        String text = ex.request().query("condition");
        ContainerEvents.Condition condition = ContainerEvents.parse(text);
        if (condition == null) throw ApiException.badRequest("invalid condition: \"" + text + "\"");
        // The head goes once the starting point is taken, as moby's does: a client that read it
        // may start the container and still be told of that run's end (start -a, run).
        ContainerEvents.Waiter waiter = containers().registerWait(id, condition);
        try (OutputStream out = ex.stream(200, "application/json")) {
            int code;
            try {
                code = waiter.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            out.write(Json.MAPPER.writeValueAsBytes(new WaitResponse(code, null)));
            out.write('\n');
        }
    }

    private void remove(ApiExchange ex) throws IOException {
        String name = ex.request().param("id");
        boolean force = ex.request().flag("force");
        String id = containers().resolve(name);
        if (!force && containers().isRunning(id)) {
            throw ApiException.conflict("cannot remove container \"/" + containers().nameOf(id).orElse(name)
                    + "\": container is running: stop the container before removing or force remove");
        }
        containers().remove(id, force, ex.request().flag("v"));
        ex.empty(204);
    }

    /** Docker's {@code container prune}: the stopped containers the filters (until, label) pass. */
    private void prune(ApiExchange ex) throws IOException {
        Filters filters = Filters.fromJson(ex.request().query("filters", null));
        ex.json(200, java.util.Map.of("ContainersDeleted", engine.containers().prune(filters), "SpaceReclaimed", 0));
    }

    /** {@code POST /containers/{id}/rename?name=NEW}: 204; 409 when the name is taken. */
    private void rename(ApiExchange ex) throws IOException {
        String name = ex.request().query("name", "");
        if (name.startsWith("/")) name = name.substring(1);
        engine.containers().rename(ex.request().param("id"), name);
        ex.empty(204);
    }
}
