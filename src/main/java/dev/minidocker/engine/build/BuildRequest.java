package dev.minidocker.engine.build;

import dev.minidocker.engine.image.RegistryAuth;
import dev.minidocker.image.registry.RegistryHost;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code build}'s arguments, as the CLI and {@code POST /build} give them.
 *
 * @param context    the context directory (a tar context is extracted into one first)
 * @param dockerfile the Dockerfile: a path (absolute, or relative to the context), null for "Dockerfile"
 * @param tags       -t names ("repo[:tag]"), none for an untagged image
 * @param buildArgs  --build-arg values (a null value: the caller's environment had none)
 * @param target     --target stage, or null for the last
 * @param noCache    --no-cache
 * @param pull       --pull: pull FROM images even when present
 * @param network    --network for RUN steps, null for the default bridge
 * @param platform   --platform for FROM pulls, or null
 * @param labels     --label values, set on the final image (the classic builder adds one LABEL step each)
 * @param registryAuths credentials for FROM pulls by registry (the API's X-Registry-Config): used instead
 *                   of the daemon's config.json for those registries; empty from the CLI
 */
public record BuildRequest(Path context, String dockerfile, List<String> tags, Map<String, String> buildArgs,
                           String target, boolean noCache, boolean pull, String network, String platform,
                           Map<String, String> labels, Map<String, RegistryAuth> registryAuths) {
    public BuildRequest {
        tags = tags == null ? List.of() : List.copyOf(tags);
        buildArgs = buildArgs == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(buildArgs));
        labels = labels == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(labels));
        registryAuths = registryAuths == null ? Map.of() : Map.copyOf(registryAuths);
    }

    /** The client's credentials for {@code registry}, or null: the daemon's own then. */
    RegistryAuth authFor(String registry) {
        String wanted = RegistryHost.normalize(registry);
        for (Map.Entry<String, RegistryAuth> e : registryAuths.entrySet()) {
            if (RegistryHost.normalize(e.getKey()).equals(wanted)) return e.getValue();
        }
        return null;
    }
}
