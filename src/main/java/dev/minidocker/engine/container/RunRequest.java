package dev.minidocker.engine.container;

import dev.minidocker.engine.image.PullPolicy;
import dev.minidocker.model.Healthcheck;
import dev.minidocker.model.HostConfig;
import dev.minidocker.model.LogConfig;
import dev.minidocker.model.PortSpec;
import dev.minidocker.model.Resources;
import dev.minidocker.model.Security;
import dev.minidocker.model.RestartPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@code run} asks for, typed: made by the CLI from flags (cli/options, in process or in
 * the lean client, which sends it to the daemon as JSON) and by the Engine API from a create body.
 * Values are converted but not yet checked against the host or the image: that is the planner's.
 * Paths are absolute (the client resolves them against its own working directory).
 *
 * @param image      the image as typed; null with {@code rootfs}
 * @param rootfs     a plain directory to run instead of an image (-r)
 * @param command    the positionals after the image (or all of them with -r)
 * @param entrypoint null: the image's; empty: none (and the image's Cmd is dropped too); else the argv to run
 * @param env        -e values: "K=V", or "K" for the caller's value
 * @param detach     -d: the CLI creates the container and the daemon starts it; never sent to /minidocker/run
 * @param labels     --label KEY=VALUE (and the API's Labels), over the image's
 * @param healthcheck --health-* (and the API's Healthcheck), merged over the image's; null: the image's
 * @param stopSignal --stop-signal (the API's StopSignal); null: the image's, else SIGTERM
 * @param stopTimeout --stop-timeout seconds (the API's StopTimeout) a stop without -t waits; null: 10
 * @param exposedPorts --expose (the API's ExposedPorts) as "port/proto" keys, over the image's; -P publishes them too
 */
public record RunRequest(
        String name,
        String image,
        Path rootfs,
        List<String> command,
        List<String> entrypoint,
        List<String> env,
        List<Path> envFiles,
        String workdir,
        String user,
        String hostname,
        boolean interactive,
        boolean tty,
        boolean detach,
        HostConfig host,
        String platform,
        PullPolicy pull,
        Map<String, String> labels,
        Healthcheck healthcheck,
        String stopSignal,
        Integer stopTimeout,
        List<String> exposedPorts) {

    public RunRequest(String name, String image, Path rootfs, List<String> command, List<String> entrypoint,
                      List<String> env, List<Path> envFiles, String workdir, String user, String hostname,
                      boolean interactive, boolean tty, boolean detach, HostConfig host, String platform, PullPolicy pull) {
        this(name, image, rootfs, command, entrypoint, env, envFiles, workdir, user, hostname, interactive, tty, detach,
                host, platform, pull, null, null, null, null, null);
    }

    public RunRequest {
        labels = labels == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        command = command == null ? List.of() : List.copyOf(command);
        entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
        env = env == null ? List.of() : List.copyOf(env);
        envFiles = envFiles == null ? List.of() : List.copyOf(envFiles);
        host = host == null ? HostConfig.DEFAULT : host;
        pull = pull == null ? PullPolicy.MISSING : pull;
        exposedPorts = exposedPorts == null ? List.of() : List.copyOf(exposedPorts);
    }

    /** {@code run --rm IMAGE-OR-ROOTFS COMMAND...} with every other option at its default. */
    public static RunRequest minimal(String image, Path rootfs, List<String> command) {
        Builder b = new Builder();
        b.autoRemove = true;
        return b.image(image).rootfs(rootfs).command(command).build();
    }

    public boolean autoRemove() {
        return host.autoRemove();
    }

    /** The same request with relative --env-file and -r paths resolved against {@code cwd} (the caller's). */
    public RunRequest withPathsAgainst(Path cwd) {
        List<Path> files = new ArrayList<>();
        for (Path f : envFiles) files.add(cwd.resolve(f));
        return new RunRequest(name, image, rootfs == null ? null : cwd.resolve(rootfs), command, entrypoint, env, files,
                workdir, user, hostname, interactive, tty, detach, host, platform, pull, labels, healthcheck, stopSignal,
                stopTimeout, exposedPorts);
    }

    /** The same request with another -r root directory (an extracted -r tarball). */
    public RunRequest withRootfs(Path dir) {
        return new RunRequest(name, image, dir, command, entrypoint, env, envFiles, workdir, user, hostname, interactive,
                tty, detach, host, platform, pull, labels, healthcheck, stopSignal, stopTimeout, exposedPorts);
    }

    /**
     * Collects a request field by field, as the option definitions hand values over (cli/options).
     * Setters of repeatable options append. Not thread-safe; used once.
     */
    public static final class Builder {
        private String name, image, workdir, user, hostname, networkMode, platform, ipv4;
        private Path rootfs;
        private List<String> command = List.of();
        private List<String> entrypoint;
        private final List<String> env = new ArrayList<>();
        private final List<Path> envFiles = new ArrayList<>();
        private final List<String> binds = new ArrayList<>();
        private final Map<String, String> tmpfs = new LinkedHashMap<>();
        private final Map<String, String> labels = new LinkedHashMap<>();
        private final List<PortSpec> ports = new ArrayList<>();
        private final java.util.LinkedHashSet<String> exposed = new java.util.LinkedHashSet<>();
        private final List<String> aliases = new ArrayList<>(), extraHosts = new ArrayList<>(), dns = new ArrayList<>(),
                dnsSearch = new ArrayList<>(), dnsOptions = new ArrayList<>(), volumesFrom = new ArrayList<>();
        private boolean interactive, tty, detach, readOnly, autoRemove, init, publishAll;
        private Resources resources = Resources.NONE;
        private Security security = Security.NONE;
        private RestartPolicy restart = RestartPolicy.NONE;
        private PullPolicy pull = PullPolicy.MISSING;
        private Healthcheck healthcheck;
        private String healthCmd;
        private java.time.Duration healthInterval, healthTimeout, healthStartPeriod, healthStartInterval;
        private Integer healthRetries;
        private boolean noHealthcheck;
        private String stopSignal;
        private Integer stopTimeout;
        private String logDriver;
        private final List<String> logOpts = new ArrayList<>();
        private LogConfig logConfig;

        public Builder name(String v) { name = v; return this; }
        public Builder image(String v) { image = v; return this; }
        public Builder rootfs(Path v) { rootfs = v; return this; }
        public Builder command(List<String> v) { command = v; return this; }
        /** null: the image's; empty: none; else this argv. */
        public Builder entrypoint(List<String> v) { entrypoint = v; return this; }
        public Builder env(String v) { env.add(v); return this; }
        public Builder envFile(Path v) { envFiles.add(v); return this; }
        public Builder workdir(String v) { workdir = v; return this; }
        public Builder user(String v) { user = v; return this; }
        public Builder hostname(String v) { hostname = v; return this; }
        public Builder network(String v) { networkMode = v; return this; }
        public Builder volume(String v) { binds.add(v); return this; }
        public Builder networkAlias(String v) { aliases.add(v); return this; }
        public Builder volumesFrom(String v) { volumesFrom.add(v); return this; }
        public Builder ip(String v) { ipv4 = v == null || v.isEmpty() ? null : v; return this; }
        public Builder addHost(String v) { extraHosts.add(v); return this; }
        public Builder dns(String v) { dns.add(v); return this; }
        public Builder dnsSearch(String v) { dnsSearch.add(v); return this; }
        public Builder dnsOption(String v) { dnsOptions.add(v); return this; }
        /** A --tmpfs: mount point and options ("" for none); a later one for the same point replaces it. */
        public Builder tmpfs(String destination, String options) { tmpfs.put(destination, options); return this; }
        public Builder publish(PortSpec v) { ports.add(v); return this; }
        public Builder publishAll(boolean v) { publishAll = v; return this; }
        /** An --expose (or an ExposedPorts key): "80", "80/udp", "8000-8010/tcp" (a bad one: Docker's message). */
        public Builder expose(String v) { exposed.addAll(dev.minidocker.model.ExposedPorts.expand(v)); return this; }
        public Builder interactive(boolean v) { interactive = v; return this; }
        public Builder tty(boolean v) { tty = v; return this; }
        public Builder detach(boolean v) { detach = v; return this; }
        public Builder readOnly(boolean v) { readOnly = v; return this; }
        public Builder autoRemove(boolean v) { autoRemove = v; return this; }
        public Builder init(boolean v) { init = v; return this; }
        public Builder restart(RestartPolicy v) { restart = v; return this; }
        public Builder platform(String v) { platform = v; return this; }
        public Builder pull(PullPolicy v) { pull = v; return this; }
        /** A --label: "k=v", or "k" for an empty value (Docker's parsing); a later one for the same key wins. */
        public Builder label(String v) {
            int eq = v.indexOf('=');
            labels.put(eq < 0 ? v : v.substring(0, eq), eq < 0 ? "" : v.substring(eq + 1));
            return this;
        }
        public Builder labels(Map<String, String> v) { labels.putAll(v); return this; }
        public Resources resources() { return resources; }
        public Builder resources(Resources v) { resources = v; return this; }
        public Security security() { return security; }
        public Builder security(Security v) { security = v; return this; }
        public boolean hasRootfs() { return rootfs != null; }

        /** The API's Healthcheck, as sent. */
        public Builder healthcheck(Healthcheck v) { healthcheck = v; return this; }
        public Builder healthCmd(String v) { healthCmd = v; return this; }
        public Builder healthInterval(java.time.Duration v) { healthInterval = v; return this; }
        public Builder healthTimeout(java.time.Duration v) { healthTimeout = v; return this; }
        public Builder healthStartPeriod(java.time.Duration v) { healthStartPeriod = v; return this; }
        public Builder healthStartInterval(java.time.Duration v) { healthStartInterval = v; return this; }
        public Builder healthRetries(int v) { healthRetries = v; return this; }
        public Builder noHealthcheck(boolean v) { noHealthcheck = v; return this; }
        public Builder stopSignal(String v) { stopSignal = v == null || v.isEmpty() ? null : v; return this; }
        public Builder stopTimeout(Integer v) { stopTimeout = v; return this; }
        public Builder logDriver(String v) { logDriver = v; return this; }
        public Builder logOpt(String v) { logOpts.add(v); return this; }
        /** The API's LogConfig, as sent. */
        public Builder logConfig(LogConfig v) { logConfig = v; return this; }

        public RunRequest build() {
            Healthcheck fromFlags = Healthcheck.fromFlags(healthCmd, healthInterval, healthTimeout, healthStartPeriod,
                    healthStartInterval, healthRetries, noHealthcheck);
            Healthcheck healthcheck = fromFlags != null ? fromFlags : this.healthcheck;
            HostConfig host = new HostConfig(resources, binds, tmpfs, networkMode, readOnly, autoRemove, restart, init,
                    ports, publishAll, security, aliases, extraHosts, dns, dnsSearch, dnsOptions, volumesFrom, ipv4,
                    logConfig != null ? logConfig : logDriver != null || !logOpts.isEmpty() ? LogConfig.fromFlags(logDriver, logOpts) : null);
            return new RunRequest(name, image, rootfs, command, entrypoint, env, envFiles, workdir, user, hostname,
                    interactive, tty, detach, host, platform, pull, labels, healthcheck, stopSignal, stopTimeout,
                    List.copyOf(exposed));
        }
    }
}
