package dev.minidocker.api.model;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.minidocker.model.Healthcheck;
import dev.minidocker.model.LogConfig;
import dev.minidocker.model.Resources;
import dev.minidocker.model.Security;
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
        @JsonProperty("NetworkingConfig") NetworkingConfig networkingConfig,
        @JsonProperty("Volumes") Map<String, Object> volumes,
        @JsonProperty("Labels") Map<String, String> labels,
        @JsonProperty("ExposedPorts") Map<String, Object> exposedPorts,
        @JsonProperty("Healthcheck") Healthcheck healthcheck,
        @JsonProperty("StopSignal") String stopSignal,
        @JsonProperty("StopTimeout") Integer stopTimeout) {

    public ContainerCreateRequest(String hostname, String user, boolean attachStdin, boolean tty, boolean openStdin,
                                  List<String> env, List<String> cmd, List<String> entrypoint, String image,
                                  String workingDir, HostConfig hostConfig) {
        this(hostname, user, attachStdin, tty, openStdin, env, cmd, entrypoint, image, workingDir, hostConfig, null, null, null, null, null, null, null);
    }

    /** {@code {"EndpointsConfig": {"NET": {"Aliases": [...], "IPAMConfig": {"IPv4Address": ...}}}}}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonFormat(with = JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
    public record NetworkingConfig(@JsonProperty("EndpointsConfig") Map<String, EndpointConfig> endpointsConfig) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonFormat(with = JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
    public record EndpointConfig(@JsonProperty("Aliases") List<String> aliases,
                                 @JsonProperty("IPAMConfig") Map<String, Object> ipamConfig) {}

    /** One of HostConfig.Mounts: bind, volume or tmpfs. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonFormat(with = JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
    public record Mount(@JsonProperty("Type") String type, @JsonProperty("Source") String source,
                        @JsonProperty("Target") String target, @JsonProperty("ReadOnly") boolean readOnly,
                        @JsonProperty("TmpfsOptions") Map<String, Object> tmpfsOptions) {}

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
            @JsonProperty("PublishAllPorts") boolean publishAllPorts,
            @JsonUnwrapped Security security,
            @JsonProperty("Mounts") List<Mount> mounts,
            @JsonProperty("ExtraHosts") List<String> extraHosts,
            @JsonProperty("Dns") List<String> dns,
            @JsonProperty("DnsSearch") List<String> dnsSearch,
            @JsonProperty("DnsOptions") List<String> dnsOptions,
            @JsonProperty("VolumesFrom") List<String> volumesFrom,
            @JsonProperty("LogConfig") LogConfig logConfig) {
        public HostConfig(List<String> binds, String networkMode, RestartPolicy restartPolicy, boolean autoRemove,
                          boolean readonlyRootfs, Map<String, String> tmpfs, Resources resources, Boolean init,
                          Map<String, List<PortBinding>> portBindings, boolean publishAllPorts) {
            this(binds, networkMode, restartPolicy, autoRemove, readonlyRootfs, tmpfs, resources, init, portBindings,
                    publishAllPorts, Security.NONE, null, null, null, null, null, null, null);
        }

        public HostConfig {
            if (resources == null) resources = Resources.NONE;
            if (security == null) security = Security.NONE;
        }
    }

    /** One host binding of {@code "80/tcp"}: empty HostIp means every address, empty HostPort a random one. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonFormat(with = JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
    public record PortBinding(@JsonProperty("HostIp") String hostIp, @JsonProperty("HostPort") String hostPort) {
    }
}
