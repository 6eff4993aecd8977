package dev.minidocker.api.model;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.minidocker.model.Resources;
import dev.minidocker.model.RestartPolicy;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /containers/create}: the fields of Docker's container config and
 * HostConfig that mini-docker implements. Names match case-insensitively, as Go's JSON decoding
 * in Docker's daemon does (a {@code "memory"} that Docker applies must not be dropped here).
 * Fields that would change isolation are checked before (api/engine/UnsupportedSettings); the
 * rest of what a client sends is ignored.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonFormat(with = JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
public record ContainerCreateRequest(
        @JsonProperty("Hostname") String hostname,
        @JsonProperty("User") String user,
        @JsonProperty("AttachStdin") boolean attachStdin,
        @JsonProperty("Tty") boolean tty,
        @JsonProperty("OpenStdin") boolean openStdin,
        @JsonProperty("Env") List<String> env,
        @JsonProperty("Cmd") List<String> cmd,
        @JsonProperty("Entrypoint") List<String> entrypoint,
        @JsonProperty("Image") String image,
        @JsonProperty("WorkingDir") String workingDir,
        @JsonProperty("HostConfig") HostConfig hostConfig,
        @JsonProperty("Labels") Map<String, String> labels) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonFormat(with = JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
    public record HostConfig(
            @JsonProperty("Binds") List<String> binds,
            @JsonProperty("NetworkMode") String networkMode,
            @JsonProperty("RestartPolicy") RestartPolicy restartPolicy,
            @JsonProperty("AutoRemove") boolean autoRemove,
            @JsonProperty("ReadonlyRootfs") boolean readonlyRootfs,
            @JsonProperty("Tmpfs") Map<String, String> tmpfs,
            @JsonUnwrapped Resources resources,
            @JsonProperty("Init") Boolean init,
            @JsonProperty("PortBindings") Map<String, List<PortBinding>> portBindings,
            @JsonProperty("PublishAllPorts") boolean publishAllPorts) {
        public HostConfig {
            if (resources == null) resources = Resources.NONE;
        }
    }

    /** One host binding of {@code "80/tcp"}: empty HostIp means every address, empty HostPort a random one. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonFormat(with = JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
    public record PortBinding(@JsonProperty("HostIp") String hostIp, @JsonProperty("HostPort") String hostPort) {
    }
}
