package dev.minidocker.api.engine;

import dev.minidocker.api.ApiExchange;
import dev.minidocker.api.ApiVersion;
import dev.minidocker.api.Router;
import dev.minidocker.api.model.InfoResponse;
import dev.minidocker.api.model.VersionResponse;
import dev.minidocker.engine.Engine;
import dev.minidocker.engine.HostFacts;
import dev.minidocker.engine.container.ContainerService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * {@code /_ping}, {@code /version}, {@code /info}: what a client asks first. The docker CLI pings,
 * reads {@code Api-Version} from the answer's headers and uses that version from then on.
 */
final class SystemEndpoints {
    private final Engine engine;

    SystemEndpoints(Engine engine) {
        this.engine = engine;
    }

    void register(Router r) {
        r.get("/_ping", this::ping).head("/_ping", this::ping);
        r.get("/version", this::version);
        r.get("/info", this::info);
    }

    private void ping(ApiExchange ex) throws IOException {
        ex.header("Cache-Control", "no-cache, no-store, must-revalidate").header("Pragma", "no-cache");
        ex.bytes(200, "text/plain; charset=utf-8", "OK".getBytes(StandardCharsets.US_ASCII));
    }

    /** Docker's Version (so clients' version checks pass) with mini-docker's own in Components. */
    private void version(ApiExchange ex) throws IOException {
        String go = "java" + Runtime.version().feature();
        Map<String, String> details = Map.of("ApiVersion", ApiVersion.CURRENT, "MinAPIVersion", ApiVersion.MINIMUM,
                "Os", "linux", "Arch", HostFacts.goArch(), "KernelVersion", HostFacts.kernelVersion(),
                "GitCommit", "", "Experimental", "false", "GoVersion", go);
        String docker = ApiVersion.DOCKER_COMPATIBLE;
        ex.json(200, new VersionResponse(Map.of("Name", "mini-docker " + Engine.productVersion()),
                List.of(new VersionResponse.Component("Engine", docker, details),
                        new VersionResponse.Component("mini-docker", Engine.productVersion(), Map.of())),
                docker, ApiVersion.CURRENT, ApiVersion.MINIMUM, "", go,
                "linux", HostFacts.goArch(), HostFacts.kernelVersion(), ""));
    }

    private void info(ApiExchange ex) throws IOException {
        ContainerService containers = engine.containers();
        int total = 0, running = 0;
        for (String id : containers.ids()) {
            total++;
            if (containers.isRunning(id)) running++;
        }
        ex.json(200, new InfoResponse(engine.daemonId(), total, running, 0, total - running, engine.images().count(),
                "overlay2", engine.root().toString(), HostFacts.operatingSystem(), "linux", HostFacts.unameArch(),
                Runtime.getRuntime().availableProcessors(), HostFacts.memTotalBytes(), HostFacts.hostname(),
                Engine.productVersion(), HostFacts.kernelVersion(), "cgroupfs", HostFacts.cgroupVersion(),
                "json-file", "mini-docker", Map.of("mini-docker", Map.of("path", "mini-docker")),
                List.of(), Map.of("Volume", List.of(), "Network", List.of("host", "none"),
                "Log", List.of("json-file")), List.of(), List.of()));
    }
}
