package dev.minidocker.api.engine;

import dev.minidocker.api.ApiVersion;
import dev.minidocker.api.Router;
import dev.minidocker.engine.Engine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Docker Engine API subset mini-docker serves, one endpoint group per class, each translating
 * between the wire DTOs (api/model) and calls into the daemon's one {@link Engine}. The daemon
 * builds one of these per store root and serves its {@link #router()}.
 */
public final class EngineApi implements AutoCloseable {
    private final Engine engine;
    private final Router router = new Router();

    public EngineApi(Path root) {
        this.engine = Engine.forDaemon(root);
        new SystemEndpoints(engine).register(router);
        new ImageEndpoints(engine).register(router);
        new ContainerQueryEndpoints(engine).register(router);
        new ContainerActionEndpoints(engine).register(router);
        new ContainerStreamEndpoints(engine).register(router);
        new ContainerStatsEndpoints(engine).register(router);
        new ExecEndpoints(engine).register(router);
        new ClientRunEndpoint(engine).register(router);
        new NetworkEndpoints(engine).register(router);
        new VolumeEndpoints(engine).register(router);
        new AuthoringEndpoints(engine).register(router);
        new EventEndpoints(engine.events()).register(router);
        new BuildEndpoints(engine).register(router);
    }

    public Router router() {
        return router;
    }

    public Engine engine() {
        return engine;
    }

    /** Headers Docker's daemon puts on every response; clients read Api-Version from /_ping's. */
    public Map<String, String> commonHeaders() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Api-Version", ApiVersion.CURRENT);
        h.put("Docker-Experimental", "false");
        h.put("Ostype", "linux");
        h.put("Server", "mini-docker/" + Engine.productVersion() + " (linux)");
        return h;
    }

    /** Finds the containers a previous daemon owned (they kept running); returns how many. */
    public int adoptContainers() {
        return engine.containers().adoptAll();
    }

    /**
     * Keeps a warm stage 2 ready for foreground runs of clients (needs root; a no-op without), and
     * has Jackson build, on a thread of its own, the readers a client's run needs while no run
     * waits: the first run through a fresh daemon otherwise spent ~0.11 s of its ~0.4 s on them.
     */
    public void warmUp() {
        engine.containers().warmUp();
        Thread.ofPlatform().daemon().name("minidocker-warm-up").start(() -> {
            try {
                ClientRunEndpoint.rehearse();
                engine.containers().rehearseReading();
            } catch (IOException | RuntimeException e) {
                System.err.println("mini-docker daemon: warm-up: " + e.getMessage()); // only costs the first run its time
            }
        });
    }

    @Override
    public void close() {
        engine.close();
    }
}
