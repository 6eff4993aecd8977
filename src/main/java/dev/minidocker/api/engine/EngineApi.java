package dev.minidocker.api.engine;

import dev.minidocker.api.ApiVersion;
import dev.minidocker.api.Router;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Docker Engine API subset mini-docker serves, one endpoint group per class. The daemon
 * builds one of these per store root and serves its {@link #router()}.
 */
public final class EngineApi implements AutoCloseable {
    private final EngineContext ctx;
    private final Router router = new Router();

    public EngineApi(Path root) {
        this.ctx = new EngineContext(root);
        new SystemEndpoints(ctx).register(router);
        new ImageEndpoints(ctx).register(router);
        new ContainerQueryEndpoints(ctx).register(router);
        new ContainerActionEndpoints(ctx).register(router);
        new ContainerStreamEndpoints(ctx).register(router);
        new ExecEndpoints(ctx).register(router);
        new ClientRunEndpoint(ctx).register(router);
        new NetworkEndpoints(ctx).register(router);
    }

    public Router router() {
        return router;
    }

    public EngineContext context() {
        return ctx;
    }

    /** Headers Docker's daemon puts on every response; clients read Api-Version from /_ping's. */
    public Map<String, String> commonHeaders() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Api-Version", ApiVersion.CURRENT);
        h.put("Docker-Experimental", "false");
        h.put("Ostype", "linux");
        h.put("Server", "mini-docker/" + EngineContext.productVersion() + " (linux)");
        return h;
    }

    /** Finds the containers a previous daemon owned (they kept running); returns how many. */
    public int adoptContainers() {
        int adopted = ctx.supervisor().adoptAll();
        ctx.adoptDns();
        return adopted;
    }

    /** Keeps a warm stage 2 ready for foreground runs of clients (needs root; a no-op without). */
    public void warmUp() {
        if (dev.minidocker.linux.ProcessIdentity.effectiveUid() == 0) ctx.stage2Pool().refill();
    }

    @Override
    public void close() {
        ctx.close();
    }
}
