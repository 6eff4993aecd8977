package dev.minidocker.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.minidocker.model.Healthcheck;
import java.util.List;
import java.util.Map;

/** The image configuration blob (OCI image config / Docker container image v1). */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageConfig(
        String created,
        String author,
        String architecture,
        String os,
        String variant,
        Config config,
        RootFs rootfs,
        List<History> history) {

    /** The defaults a container of this image starts with. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Config(
            @JsonProperty("User") String user,
            @JsonProperty("ExposedPorts") Map<String, Object> exposedPorts,
            @JsonProperty("Env") List<String> env,
            @JsonProperty("Entrypoint") List<String> entrypoint,
            @JsonProperty("Cmd") List<String> cmd,
            @JsonProperty("Volumes") Map<String, Object> volumes,
            @JsonProperty("WorkingDir") String workingDir,
            @JsonProperty("Labels") Map<String, String> labels,
            @JsonProperty("StopSignal") String stopSignal,
            @JsonProperty("Healthcheck") Healthcheck healthcheck) {

        public Config(String user, Map<String, Object> exposedPorts, List<String> env, List<String> entrypoint,
                      List<String> cmd, Map<String, Object> volumes, String workingDir, Map<String, String> labels,
                      String stopSignal) {
            this(user, exposedPorts, env, entrypoint, cmd, volumes, workingDir, labels, stopSignal, null);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RootFs(
            @JsonProperty("type") String type,
            @JsonProperty("diff_ids") List<Digest> diffIds) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record History(
            String created,
            @JsonProperty("created_by") String createdBy,
            String comment,
            @JsonProperty("empty_layer") Boolean emptyLayer) {
    }
}
