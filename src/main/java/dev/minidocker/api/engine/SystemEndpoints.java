package dev.minidocker.api.engine;

import dev.minidocker.api.ApiExchange;
import dev.minidocker.api.ApiVersion;
import dev.minidocker.api.Router;
import dev.minidocker.api.model.InfoResponse;
import dev.minidocker.api.model.VersionResponse;
import dev.minidocker.engine.Engine;
import dev.minidocker.engine.SystemInfo;
import dev.minidocker.engine.HostFacts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.minidocker.api.ApiException;
import dev.minidocker.api.model.ImageSummary;
import dev.minidocker.engine.image.RegistryService;
import dev.minidocker.model.RegistryCredentials;
import dev.minidocker.engine.DiskUsage;
import dev.minidocker.engine.image.ImageService;
import dev.minidocker.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
        r.get("/system/df", this::diskUsage);
        r.post("/auth", this::auth);
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

    /**
     * {@code docker login} through the daemon: asks the registry whether it takes the credentials
     * (stores nothing: the client keeps them); a refusal is Docker's 401 with the registry's words.
     */
    private void auth(ApiExchange ex) throws IOException {
        JsonNode body = ex.request().json(JsonNode.class);
        if (body == null) throw ApiException.badRequest("a login needs a body: {\"username\", \"password\", \"serveraddress\"}");
        String user = body.path("username").asText(""), password = body.path("password").asText("");
        String token = body.path("identitytoken").asText("");
        RegistryCredentials credentials = token.isEmpty() ? new RegistryCredentials(user, password)
                : new RegistryCredentials(user, password, token);
        String registry = RegistryService.registryOf(body.path("serveraddress").asText(""));
        try {
            engine.registries().verifyLogin(null, List.of(), registry, credentials);
        } catch (RegistryService.LoginDeniedException e) {
            throw new ApiException(401, e.getMessage());
        }
        ex.json(200, Map.of("Status", "Login Succeeded", "IdentityToken", ""));
    }

    /** Docker's {@code /system/df}: the lists clients sum up (docker system df, docker-py's df()). */
    private void diskUsage(ApiExchange ex) throws IOException {
        DiskUsage du = engine.diskUsage();
        List<ImageSummary> images = new ArrayList<>();
        for (ImageService.ImageUsage i : du.images().images()) {
            images.add(new ImageSummary(i.id(), "", i.repoTags(), i.repoDigests(), i.created().getEpochSecond(),
                    i.size(), i.sharedSize(), i.size(), i.labels(), du.containersByImage().getOrDefault(i.id(), 0)));
        }
        Instant now = Instant.now();
        List<JsonNode> containers = new ArrayList<>();
        for (DiskUsage.ContainerUsage c : du.containers()) {
            ObjectNode n = Json.MAPPER.valueToTree(ContainerViews.summary(c.container(), now, engine.root().resolve("volumes")));
            n.put("SizeRw", c.sizeRw()).put("SizeRootFs", c.sizeRootFs());
            containers.add(n);
        }
        List<JsonNode> volumes = new ArrayList<>();
        for (DiskUsage.VolumeUsage v : du.volumes()) {
            ObjectNode n = Json.MAPPER.valueToTree(v.volume());
            n.putObject("UsageData").put("Size", v.size()).put("RefCount", v.refCount());
            volumes.add(n);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("LayersSize", du.images().layersSize());
        out.put("Images", images);
        out.put("Containers", containers);
        out.put("Volumes", volumes);
        out.put("BuildCache", List.of());
        ex.json(200, out);
    }

    private void info(ApiExchange ex) throws IOException {
        SystemInfo i = engine.systemInfo();
        ex.json(200, new InfoResponse(i.id(), i.containers(), i.running(), i.paused(), i.stopped(), i.images(),
                SystemInfo.STORAGE_DRIVER, i.rootDir(), i.operatingSystem(), "linux", i.architecture(), i.cpus(), i.memTotal(),
                i.hostname(), i.serverVersion(), i.kernelVersion(), SystemInfo.CGROUP_DRIVER, i.cgroupVersion(),
                SystemInfo.LOGGING_DRIVER, "mini-docker", Map.of("mini-docker", Map.of("path", "mini-docker")),
                List.of(), Map.of("Volume", List.of(), "Network", List.of("host", "none"),
                "Log", List.of(SystemInfo.LOGGING_DRIVER)), List.of(), List.of()));
    }
}
