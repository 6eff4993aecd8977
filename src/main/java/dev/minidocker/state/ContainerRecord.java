package dev.minidocker.state;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
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
 * A container's {@code config.json}: what it was created from. Written at create time; only
 * {@code network connect/disconnect} change it afterwards (its network and aliases); what else
 * changes lives in {@link ContainerState}.
 *
 * @param id       64 hex characters
 * @param name     unique, without Docker's leading '/'
 * @param image    the image id ({@code sha256:...}), or null for a plain root directory (-r)
 * @param imageRef the image as the user typed it (or the rootfs directory for -r)
 * @param created  ISO-8601 instant
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContainerRecord(
        @JsonProperty("Id") String id,
        @JsonProperty("Name") String name,
        @JsonProperty("Image") String image,
        @JsonProperty("ImageRef") String imageRef,
        @JsonProperty("Config") Config config,
        @JsonProperty("HostConfig") HostConfig hostConfig,
        @JsonProperty("Created") String created) {

    /** The process side, after merging the image config with the flags. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Config(
            @JsonProperty("Cmd") List<String> cmd,
            @JsonProperty("Entrypoint") List<String> entrypoint,
            @JsonProperty("Env") List<String> env,
            @JsonProperty("WorkingDir") String workingDir,
            @JsonProperty("User") String user,
            @JsonProperty("Hostname") String hostname,
            @JsonProperty("Tty") boolean tty,
            @JsonProperty("OpenStdin") boolean openStdin,
            @JsonProperty("StopSignal") String stopSignal,
            @JsonProperty("ExposedPorts") List<String> exposedPorts,
            @JsonProperty("Labels") Map<String, String> labels,
            @JsonProperty("Healthcheck") Healthcheck healthcheck,
            @JsonProperty("StopTimeout") Integer stopTimeout) {

        public Config(List<String> cmd, List<String> entrypoint, List<String> env, String workingDir, String user,
                      String hostname, boolean tty, boolean openStdin) {
            this(cmd, entrypoint, env, workingDir, user, hostname, tty, openStdin, null, null, null, null, null);
        }

        public Config(List<String> cmd, List<String> entrypoint, List<String> env, String workingDir, String user,
                      String hostname, boolean tty, boolean openStdin, String stopSignal, List<String> exposedPorts) {
            this(cmd, entrypoint, env, workingDir, user, hostname, tty, openStdin, stopSignal, exposedPorts, null, null, null);
        }

        /** The same config with the image's (or the user's) stop signal, e.g. "SIGQUIT". */
        public Config withStopSignal(String signal) {
            return new Config(cmd, entrypoint, env, workingDir, user, hostname, tty, openStdin, signal, exposedPorts, labels,
                    healthcheck, stopTimeout);
        }

        /** The same config with {@code --stop-timeout}: seconds a stop without -t waits (null: Docker's 10). */
        public Config withStopTimeout(Integer seconds) {
            return new Config(cmd, entrypoint, env, workingDir, user, hostname, tty, openStdin, stopSignal, exposedPorts,
                    labels, healthcheck, seconds);
        }

        /** The same config with labels (the image's, then the user's). */
        public Config withLabels(Map<String, String> l) {
            return new Config(cmd, entrypoint, env, workingDir, user, hostname, tty, openStdin, stopSignal, exposedPorts,
                    l == null || l.isEmpty() ? null : new java.util.TreeMap<>(l), healthcheck, stopTimeout);
        }

        public Map<String, String> labelsOrEmpty() {
            return labels == null ? Map.of() : labels;
        }

        /** The same config with exposed ports ("80/tcp": the image's ExposedPorts and the -p container ports). */
        public Config withExposedPorts(List<String> ports) {
            return new Config(cmd, entrypoint, env, workingDir, user, hostname, tty, openStdin, stopSignal,
                    ports == null || ports.isEmpty() ? null : List.copyOf(ports), labels, healthcheck, stopTimeout);
        }

        /** The same config with its health check (the image's merged with the user's; null: none). */
        public Config withHealthcheck(Healthcheck h) {
            return new Config(cmd, entrypoint, env, workingDir, user, hostname, tty, openStdin, stopSignal, exposedPorts,
                    labels, h, stopTimeout);
        }

        /** Entrypoint followed by Cmd: the argv the container runs. */
        public List<String> argv() {
            List<String> all = new java.util.ArrayList<>();
            if (entrypoint != null) all.addAll(entrypoint);
            if (cmd != null) all.addAll(cmd);
            return all;
        }
    }

    /**
     * The host side: limits, mounts, network.
     *
     * @param resources the limits, unwrapped into this object under Docker's names (Memory, NanoCpus, ...)
     * @param binds  "/host:/ctr:ro" as given to -v
     * @param tmpfs  "/path:opts" as given to --tmpfs
     * @param rootfs a plain root directory (-r) instead of an image, or null
     * @param restartPolicy Docker's {Name, MaximumRetryCount}; null means "no"
     * @param init   run a reaper as PID 1 (--init)
     * @param portBindings published ports, normalized "[IP:][HOST_PORT]:PORT/PROTO" (-p, and -P's ExposedPorts)
     * @param legacyCpus "Cpus" (a count) of records written before NanoCpus; read only, folded into resources
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HostConfig(
            @JsonUnwrapped Resources resources,
            @JsonProperty("Binds") List<String> binds,
            @JsonProperty("Tmpfs") List<String> tmpfs,
            @JsonProperty("NetworkMode") String networkMode,
            @JsonProperty("ReadonlyRootfs") boolean readonlyRootfs,
            @JsonProperty("AutoRemove") boolean autoRemove,
            @JsonProperty("Rootfs") String rootfs,
            @JsonProperty("RestartPolicy") RestartPolicy restartPolicy,
            @JsonProperty("Init") boolean init,
            @JsonProperty("PortBindings") List<String> portBindings,
            @JsonProperty(value = "Cpus", access = JsonProperty.Access.WRITE_ONLY) Double legacyCpus,
            @JsonUnwrapped Security security,
            @JsonProperty("AnonymousVolumes") List<String> anonymousVolumes,
            @JsonProperty("NetworkAliases") List<String> networkAliases,
            @JsonProperty("ExtraHosts") List<String> extraHosts,
            @JsonProperty("Dns") List<String> dns,
            @JsonProperty("DnsSearch") List<String> dnsSearch,
            @JsonProperty("DnsOptions") List<String> dnsOptions,
            @JsonProperty("IPv4Address") String ipv4Address,
            @JsonProperty("LogConfig") LogConfig logConfig) {

        public HostConfig {
            if (resources == null) resources = Resources.NONE;
            if (security == null) security = Security.NONE;
            if (legacyCpus != null && resources.nanoCpus() == 0) {
                resources = resources.withNanoCpus(Math.round(legacyCpus * 1e9));
            }
            legacyCpus = null;
        }

        public HostConfig(Resources resources, List<String> binds, List<String> tmpfs, String networkMode,
                          boolean readonlyRootfs, boolean autoRemove, String rootfs, RestartPolicy restartPolicy,
                          boolean init, List<String> portBindings) {
            this(resources, binds, tmpfs, networkMode, readonlyRootfs, autoRemove, rootfs, restartPolicy, init,
                    portBindings, null, Security.NONE, null, null, null, null, null, null, null, null);
        }

        public HostConfig(Resources resources, List<String> binds, List<String> tmpfs, String networkMode,
                          boolean readonlyRootfs, boolean autoRemove, String rootfs) {
            this(resources, binds, tmpfs, networkMode, readonlyRootfs, autoRemove, rootfs, null, false, null, null,
                    Security.NONE, null, null, null, null, null, null, null, null);
        }

        /** The same host config with other limits (Docker's update). */
        public HostConfig withResources(Resources limits) {
            return new HostConfig(limits, binds, tmpfs, networkMode, readonlyRootfs, autoRemove, rootfs, restartPolicy,
                    init, portBindings, null, security, anonymousVolumes, networkAliases, extraHosts, dns, dnsSearch,
                    dnsOptions, ipv4Address, logConfig);
        }

        /** The same host config with a restart policy and the --init choice. */
        public HostConfig withLifecycle(RestartPolicy policy, boolean withInit) {
            return new HostConfig(resources, binds, tmpfs, networkMode, readonlyRootfs, autoRemove, rootfs, policy,
                    withInit, portBindings, null, security, anonymousVolumes, networkAliases, extraHosts, dns, dnsSearch, dnsOptions, ipv4Address, logConfig);
        }

        /** The same host config with published ports ("[IP:][HOST_PORT]:PORT/PROTO", -p and -P). */
        public HostConfig withPorts(List<String> ports) {
            return new HostConfig(resources, binds, tmpfs, networkMode, readonlyRootfs, autoRemove, rootfs,
                    restartPolicy, init, ports, null, security, anonymousVolumes, networkAliases, extraHosts, dns, dnsSearch, dnsOptions, ipv4Address, logConfig);
        }

        /** The same host config with these security settings (capabilities, seccomp, ulimits, --privileged). */
        public HostConfig withSecurity(Security with) {
            return new HostConfig(resources, binds, tmpfs, networkMode, readonlyRootfs, autoRemove, rootfs,
                    restartPolicy, init, portBindings, null, with, anonymousVolumes, networkAliases, extraHosts, dns, dnsSearch, dnsOptions, ipv4Address, logConfig);
        }

        /** The same host config with the volumes made for the image's VOLUME entries ("NAME:/path"). */
        public HostConfig withAnonymousVolumes(List<String> volumes) {
            return new HostConfig(resources, binds, tmpfs, networkMode, readonlyRootfs, autoRemove, rootfs,
                    restartPolicy, init, portBindings, null, security, empty(volumes), networkAliases, extraHosts, dns, dnsSearch,
                    dnsOptions, ipv4Address, logConfig);
        }

        /** The same host config on {@code network} with these aliases and address (--ip; null: any), for network connect. */
        public HostConfig withNetwork(String network, List<String> aliases, String ipv4) {
            return new HostConfig(resources, binds, tmpfs, network, readonlyRootfs, autoRemove, rootfs,
                    restartPolicy, init, portBindings, null, security, anonymousVolumes, empty(aliases), extraHosts, dns, dnsSearch,
                    dnsOptions, ipv4 == null || ipv4.isEmpty() ? null : ipv4, logConfig);
        }

        /** The same host config with --add-host, --dns, --dns-search, --dns-option. */
        public HostConfig withNames(List<String> hosts, List<String> servers, List<String> search, List<String> options) {
            return new HostConfig(resources, binds, tmpfs, networkMode, readonlyRootfs, autoRemove, rootfs,
                    restartPolicy, init, portBindings, null, security, anonymousVolumes, networkAliases, empty(hosts), empty(servers),
                    empty(search), empty(options), ipv4Address, logConfig);
        }

        /** The same host config with its logging driver and options (null: json-file, unrotated). */
        public HostConfig withLogConfig(LogConfig with) {
            return new HostConfig(resources, binds, tmpfs, networkMode, readonlyRootfs, autoRemove, rootfs,
                    restartPolicy, init, portBindings, null, security, anonymousVolumes, networkAliases, extraHosts, dns,
                    dnsSearch, dnsOptions, ipv4Address, with);
        }

        /** Its logging, Docker's default (json-file, never rotated) when none was given. */
        public LogConfig logConfigOrDefault() {
            return logConfig != null ? logConfig : LogConfig.DEFAULT;
        }

        private static List<String> empty(List<String> l) {
            return l == null || l.isEmpty() ? null : List.copyOf(l);
        }

        public List<String> anonymousVolumesOrEmpty() {
            return anonymousVolumes == null ? List.of() : anonymousVolumes;
        }

        public List<String> networkAliasesOrEmpty() {
            return networkAliases == null ? List.of() : networkAliases;
        }
    }
}
