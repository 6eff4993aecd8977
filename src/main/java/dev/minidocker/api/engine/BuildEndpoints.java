package dev.minidocker.api.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.minidocker.api.ApiException;
import dev.minidocker.api.ApiExchange;
import dev.minidocker.api.ApiRequest;
import dev.minidocker.api.Router;
import dev.minidocker.api.model.BuildMessage;
import dev.minidocker.engine.Engine;
import dev.minidocker.engine.build.BuildOutput;
import dev.minidocker.engine.build.BuildRequest;
import dev.minidocker.engine.build.BuildStepFailedException;
import dev.minidocker.engine.build.ImageBuilder;
import dev.minidocker.engine.build.TarContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /build}, the classic builder as {@code DOCKER_BUILDKIT=0 docker build},
 * docker-py's {@code images.build} and compose's {@code build:} use it: the body is the context
 * as a tar, the options are query parameters, the answer a stream of JSON lines
 * ({@code stream} text, {@code aux} with the image id, {@code error} at a failure). A failure
 * before the first line (a Dockerfile syntax error, a missing COPY source) is a plain error
 * answer, as dockerd's is. A client that goes away (^C) stops the build before its next step
 * (a RUN in progress runs to its end; its container is removed as always). BuildKit
 * ({@code version=2}) is refused so the client says why.
 * X-Registry-Config (the client's credentials by registry) is used for FROM pulls from those
 * registries, as X-Registry-Auth is for a pull.
 */
final class BuildEndpoints {
    /** Resource options of the build's containers that are not implemented: refused unless unset. */
    private static final List<String> UNSUPPORTED = List.of("remote", "memory", "memswap", "cpushares", "cpuquota",
            "cpuperiod", "cpusetcpus", "cpusetmems", "cgroupparent", "shmsize", "squash", "isolation", "outputs");

    private final Engine engine;

    BuildEndpoints(Engine engine) {
        this.engine = engine;
    }

    void register(Router r) {
        r.post("/build", AuthoringEndpoints.STREAMED_TAR, this::build);
    }

    private void build(ApiExchange ex) throws IOException {
        ApiRequest q = ex.request();
        checkOptions(q);
        boolean quiet = q.flag("q");
        try (TarContext tar = TarContext.extract(q.body(), engine.imageStore());
             JsonLineStream lines = new JsonLineStream(ex)) {
            BuildRequest request = request(q, tar.dir());
            StringBuilder held = new StringBuilder();   // -q: the output, sent only with an error
            BuildOutput out = new BuildOutput() {
                @Override
                public void stream(String text) {
                    if (quiet) held.append(text); else lines.write(BuildMessage.text(text));
                }

                @Override
                public void aux(String imageId) {
                    lines.write(BuildMessage.image(imageId));
                }

                @Override
                public boolean cancelled() {
                    return lines.broken();
                }
            };
            try {
                String id = new ImageBuilder(engine).build(request, out);
                if (quiet) lines.write(BuildMessage.text(id + "\n"));
            } catch (RuntimeException e) {
                if (quiet && !held.isEmpty()) lines.write(BuildMessage.text(held.toString()));
                if (!lines.started()) throw e;
                int code = e instanceof BuildStepFailedException f ? f.exitCode() : 0;
                lines.write(BuildMessage.failure(code, e.getMessage()));
            }
        }
    }

    private static void checkOptions(ApiRequest q) {
        String version = q.query("version", "1");
        if (version.equals("2")) {
            throw ApiException.badRequest("BuildKit is not supported by this daemon: build with DOCKER_BUILDKIT=0 "
                    + "(the classic builder)");
        }
        if (!version.equals("1")) throw ApiException.badRequest("invalid version \"" + version + "\"");
        for (String name : UNSUPPORTED) {
            String v = q.query(name, "");
            if (!v.isEmpty() && !v.equals("0") && !v.equals("-1") && !v.equals("default") && !v.equals("false")) {
                throw ApiException.badRequest("build option " + name + " is not supported");
            }
        }
    }

    private static BuildRequest request(ApiRequest q, Path context) {
        String network = q.query("networkmode", "");
        boolean pull = !q.query("pull", "").isEmpty() && !q.query("pull").equals("0") && !q.query("pull").equals("false");
        return new BuildRequest(context, dockerfile(q, context), q.query().getOrDefault("t", List.of()),
                strings(q.jsonQuery("buildargs"), "buildargs"), q.query("target", null), q.flag("nocache"), pull,
                network.isEmpty() || network.equals("default") ? null : network, q.query("platform", null),
                strings(q.jsonQuery("labels"), "labels"), RegistryAuthHeader.parseConfig(q.header("X-Registry-Config")));
    }

    /** The Dockerfile's name inside the context (the client adds one from elsewhere to the tar): never outside it. */
    private static String dockerfile(ApiRequest q, Path context) {
        String name = q.query("dockerfile", "Dockerfile");
        Path file = context.resolve(name).normalize();
        try {
            if (!file.startsWith(context) || !file.toRealPath().startsWith(context.toRealPath())) {
                throw ApiException.badRequest("the Dockerfile (" + name + ") must be within the build context");
            }
        } catch (IOException missing) {
            throw ApiException.badRequest("Cannot locate specified Dockerfile: " + name);
        }
        return file.toString();
    }

    /** A JSON object of strings (buildargs, labels); a null value stays null (an arg without a value). */
    private static Map<String, String> strings(JsonNode node, String what) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node == null || node.isNull()) return out;
        if (!node.isObject()) throw ApiException.badRequest(what + " must be a JSON object");
        node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
        return out;
    }
}
