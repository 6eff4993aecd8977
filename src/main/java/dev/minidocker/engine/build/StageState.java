package dev.minidocker.engine.build;

import com.fasterxml.jackson.databind.JsonNode;
import dev.minidocker.image.dockerfile.StageConfig;
import dev.minidocker.image.store.ImageStore;
import dev.minidocker.image.store.StoredImage;
import dev.minidocker.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One stage while it is built: the image the next step starts from (null: scratch, nothing yet),
 * the config being made, and the ARGs declared in the stage (a null value: declared, not set).
 */
final class StageState {
    StoredImage image;
    StageConfig config;
    final Map<String, String> args = new LinkedHashMap<>();

    StageState(StoredImage base, ImageStore store) {
        this.image = base;
        this.config = base == null ? new StageConfig(null, null, null) : fromImage(base, store);
    }

    /** The stage config from an image's config, with Shell and Healthcheck read from its raw JSON. */
    static StageConfig fromImage(StoredImage image, ImageStore store) {
        List<String> shell = null;
        Object healthcheck = null;
        try {
            JsonNode c = Json.MAPPER.readTree(store.blobs().get(image.imageId(), "image config")).path("config");
            if (c.path("Shell").isArray()) {
                shell = new ArrayList<>();
                for (JsonNode s : c.path("Shell")) shell.add(s.asText());
            }
            if (c.path("Healthcheck").isObject()) healthcheck = Json.MAPPER.treeToValue(c.path("Healthcheck"), Object.class);
        } catch (java.io.IOException e) {
            // a config we cannot read again has no extras worth keeping
        }
        return new StageConfig(image.config().config(), shell, healthcheck);
    }

    /** $NAME during the stage: the config's Env first, then the stage's ARGs (Docker: ENV wins). */
    String variable(String name) {
        String env = config.envValue(name);
        return env != null ? env : args.get(name);
    }

    /** The build args a RUN sees that the Env does not set, as "K=V". */
    List<String> argEnv() {
        List<String> out = new ArrayList<>();
        args.forEach((k, v) -> {
            if (v != null && config.envValue(k) == null) out.add(k + "=" + v);
        });
        return out;
    }
}
