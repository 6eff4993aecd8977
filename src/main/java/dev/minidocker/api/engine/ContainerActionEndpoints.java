package dev.minidocker.api.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.minidocker.api.ApiException;
import dev.minidocker.api.ApiExchange;
import dev.minidocker.api.ApiJson;
import dev.minidocker.api.Router;
import dev.minidocker.api.model.ContainerCreateRequest;
import dev.minidocker.api.model.ContainerCreateResponse;
import dev.minidocker.api.model.WaitResponse;
import dev.minidocker.runtime.RunPlanner;
import dev.minidocker.runtime.container.ContainerRemove;
import dev.minidocker.runtime.container.ContainerKill;
import dev.minidocker.runtime.container.ContainerStop;
import dev.minidocker.runtime.container.RunPlan;
import dev.minidocker.runtime.container.SignalNames;
import dev.minidocker.runtime.spec.CommandNotExecutableException;
import dev.minidocker.runtime.spec.CommandNotFoundException;
import dev.minidocker.state.ContainerState;
import dev.minidocker.state.ContainerStore;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;

/**
 * Container verbs: create, start, stop, kill, restart, wait, remove. Each is one call into the
 * same services the CLI verbs use (planner, supervisor, stopper, remover).
 */
final class ContainerActionEndpoints {
    /** Docker's default grace period between the stop signal and SIGKILL. */
    private static final int DEFAULT_STOP_SECONDS = 10;
    private final EngineContext ctx;

    ContainerActionEndpoints(EngineContext ctx) {
        this.ctx = ctx;
    }

    void register(Router r) {
        r.post("/containers/create", this::create);
        r.post("/containers/{id}/start", this::start);
        r.post("/containers/{id}/stop", this::stop);
        r.post("/containers/{id}/kill", this::kill);
        r.post("/containers/{id}/restart", this::restart);
        r.post("/containers/{id}/wait", this::await);
        r.delete("/containers/{id}", this::remove);
    }

    private void create(ApiExchange ex) throws IOException {
        JsonNode tree = ex.request().json(JsonNode.class);
        if (tree == null || tree.isNull()) throw ApiException.badRequest("config cannot be empty in order to create a container");
        UnsupportedSettings.check(tree);
        ContainerCreateRequest body;
        try {
            body = ApiJson.MAPPER.treeToValue(tree, ContainerCreateRequest.class);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw ApiException.badRequest("invalid JSON body: " + e.getOriginalMessage());
        }
        RunPlanner planner = ctx.planner();
        RunPlan plan;
        try {
            plan = planner.plan(CreateRequestMapper.toRunRequest(body, ex.request().query("name"),
                    ex.request().query("platform")), ContainerStore.newId(), new PrintStream(OutputStream.nullOutputStream()));
            ctx.supervisor().create(plan);
        } finally {
            planner.images().release(); // the record names the image now: rmi refuses to remove it
        }
        ex.json(201, new ContainerCreateResponse(plan.id(), List.of()));
    }

    /** 204 when started, 304 when it already ran; a command that cannot run is the client's error (400). */
    private void start(ApiExchange ex) throws IOException {
        String id = ctx.containers().resolve(ex.request().param("id"));
        if (ctx.effectiveState(id).map(ContainerState::isRunning).orElse(false)) {
            ex.empty(304);
            return;
        }
        try {
            ctx.supervisor().start(id);
        } catch (RuntimeException e) {
            // Docker removes an AutoRemove container that failed to start; the CLI waits for that.
            if (ctx.containers().load(id).map(r -> r.hostConfig() != null && r.hostConfig().autoRemove()).orElse(false)) {
                new ContainerRemove(ctx.containers(), ctx.cgroups(), ctx.network()).remove(id, true);
            }
            if (e instanceof CommandNotFoundException || e instanceof CommandNotExecutableException) {
                throw ApiException.badRequest(e.getMessage());
            }
            throw e;
        }
        ex.empty(204);
    }

    private void stop(ApiExchange ex) throws IOException {
        String id = ctx.containers().resolve(ex.request().param("id"));
        boolean wasRunning = new ContainerStop(ctx.containers(), ctx.cgroups())
                .stop(id, ex.request().intQuery("t", DEFAULT_STOP_SECONDS));
        ex.empty(wasRunning ? 204 : 304);
    }

    private void kill(ApiExchange ex) throws IOException {
        String id = ctx.containers().resolve(ex.request().param("id"));
        int signal = SignalNames.parse(ex.request().query("signal", "SIGKILL"));
        if (!ctx.effectiveState(id).map(ContainerState::isRunning).orElse(false)) {
            throw ApiException.conflict("Cannot kill container: " + ex.request().param("id") + ": Container " + id
                    + " is not running");
        }
        new ContainerKill(ctx.containers()).kill(id, signal);
        ex.empty(204);
    }

    private void restart(ApiExchange ex) throws IOException {
        String id = ctx.containers().resolve(ex.request().param("id"));
        ctx.supervisor().restart(id, ex.request().intQuery("t", DEFAULT_STOP_SECONDS));
        ex.empty(204);
    }

    /**
     * The answer's head goes out at once (the docker CLI waits for it before it starts the
     * container), the body when the condition is met.
     */
    private void await(ApiExchange ex) throws IOException {
        String id = ctx.containers().resolve(ex.request().param("id"));
        ContainerEvents.Condition condition = ContainerEvents.parse(ex.request().query("condition"));
        try (OutputStream out = ex.stream(200, "application/json")) {
            int code;
            try {
                code = ctx.events().await(id, condition);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            out.write(ApiJson.MAPPER.writeValueAsBytes(new WaitResponse(code, null)));
            out.write('\n');
        }
    }

    private void remove(ApiExchange ex) throws IOException {
        String name = ex.request().param("id");
        boolean force = ex.request().flag("force");
        String id = ctx.containers().resolve(name);
        if (!force && ctx.effectiveState(id).map(ContainerState::isRunning).orElse(false)) {
            throw ApiException.conflict("cannot remove container \"/" + ctx.containers().load(id).map(r -> r.name()).orElse(name)
                    + "\": container is running: stop the container before removing or force remove");
        }
        new ContainerRemove(ctx.containers(), ctx.cgroups(), ctx.network()).remove(id, force);
        ex.empty(204);
    }
}
