package dev.minidocker.cli.options;

import dev.minidocker.engine.container.RunRequest;
import dev.minidocker.engine.image.PullPolicy;
import dev.minidocker.model.Security;
import dev.minidocker.model.PortSpec;
import dev.minidocker.model.RestartPolicy;
import java.nio.file.Path;
import java.util.List;

/**
 * Every option of {@code run}, in the order its help lists them, and how each value lands in the
 * {@link RunRequest}. The one definition the fast path, picocli's model and the lean client read:
 * a new flag is one constant here (plus its field in the domain type it sets).
 */
public enum RunOption implements OptionDef {
    NAME(Arity.VALUE, ValueType.TEXT, "NAME", "Assign a name to the container.", "--name"),
    CIDFILE(Arity.VALUE, ValueType.TEXT, "FILE", "Write the container ID to the file (which must not exist).", "--cidfile"),
    RM(Arity.FLAG, ValueType.TEXT, null, "Remove the container when it exits.", "--rm"),
    DETACH(Arity.FLAG, ValueType.TEXT, null, "Run the container in the background and print its id.", "-d", "--detach"),
    RESTART(Arity.VALUE, ValueType.TEXT, "POLICY", "Restart policy: no, on-failure[:N], always, unless-stopped.", "--restart"),
    INIT(Arity.FLAG, ValueType.TEXT, null, "Run an init inside the container that forwards signals and reaps processes.", "--init"),
    INTERACTIVE(Arity.FLAG, ValueType.TEXT, null, "Keep STDIN open.", "-i", "--interactive"),
    TTY(Arity.FLAG, ValueType.TEXT, null, "Allocate a pseudo-TTY.", "-t", "--tty"),
    ENV(Arity.REPEATABLE, ValueType.TEXT, "K[=V]", "Set an environment variable (K alone: the host's value).", "-e", "--env"),
    ENV_FILE(Arity.REPEATABLE, ValueType.PATH, "FILE", "Read environment variables from a file.", "--env-file"),
    LABEL(Arity.REPEATABLE, ValueType.TEXT, "K[=V]", "Set metadata on the container.", "-l", "--label"),
    WORKDIR(Arity.VALUE, ValueType.TEXT, "DIR", "Working directory inside the container.", "-w", "--workdir"),
    USER(Arity.VALUE, ValueType.TEXT, "USER[:GROUP]", "Username or UID (format: <name|uid>[:<group|gid>]).", "-u", "--user"),
    ENTRYPOINT(Arity.VALUE, ValueType.TEXT, "CMD", "Overwrite the image's ENTRYPOINT (\"\" clears it).", "--entrypoint"),
    HOSTNAME(Arity.VALUE, ValueType.TEXT, "NAME", "Container host name (default: the short id).", "-h", "--hostname"),
    NETWORK(Arity.VALUE, ValueType.TEXT, "MODE", "bridge (default), none, host, container:NAME or a network's name.", "--network", "--net"),
    IP(Arity.VALUE, ValueType.TEXT, "IPv4", "IPv4 address on a user network (e.g. 172.30.100.104).", "--ip"),
    NETWORK_ALIAS(Arity.REPEATABLE, ValueType.TEXT, "NAME", "Add a network-scoped alias for the container.", "--network-alias"),
    ADD_HOST(Arity.REPEATABLE, ValueType.TEXT, "NAME:IP", "Add a custom host-to-IP mapping (IP may be host-gateway).", "--add-host"),
    DNS(Arity.REPEATABLE, ValueType.TEXT, "IP", "Set custom DNS servers.", "--dns"),
    DNS_SEARCH(Arity.REPEATABLE, ValueType.TEXT, "DOMAIN", "Set custom DNS search domains.", "--dns-search"),
    DNS_OPTION(Arity.REPEATABLE, ValueType.TEXT, "OPT", "Set DNS options.", "--dns-option"),
    PUBLISH(Arity.REPEATABLE, ValueType.TEXT, "[IP:][HOST_PORT:]PORT[/PROTO]", "Publish a container's port to the host.", "-p", "--publish"),
    PUBLISH_ALL(Arity.FLAG, ValueType.TEXT, null, "Publish all exposed ports to random host ports.", "-P", "--publish-all"),
    EXPOSE(Arity.REPEATABLE, ValueType.TEXT, "PORT[/PROTO]", "Expose a port or a range of ports (8000-8010/udp).", "--expose"),
    VOLUME(Arity.REPEATABLE, ValueType.TEXT, "SRC:/CTR[:ro|rw]", "Bind mount a host path (/HOST) or a named volume (NAME); /CTR alone: an anonymous volume.", "-v", "--volume"),
    MOUNT(Arity.REPEATABLE, ValueType.TEXT, "type=TYPE,source=S,target=T[,readonly]", "Attach a filesystem mount: bind, volume or tmpfs.", "--mount"),
    VOLUMES_FROM(Arity.REPEATABLE, ValueType.TEXT, "CONTAINER[:ro|rw]", "Mount volumes from the specified container.", "--volumes-from"),
    TMPFS(Arity.REPEATABLE, ValueType.TEXT, "/PATH[:OPTS]", "Mount a tmpfs.", "--tmpfs"),
    READ_ONLY(Arity.FLAG, ValueType.TEXT, null, "Mount the container's root filesystem read-only.", "--read-only"),
    MEMORY(Arity.VALUE, ValueType.TEXT, "BYTES", "Memory limit (e.g. 512m).", "-m", "--memory"),
    MEMORY_SWAP(Arity.VALUE, ValueType.TEXT, "BYTES", "Memory plus swap limit; -1: unlimited swap.", "--memory-swap"),
    MEMORY_RESERVATION(Arity.VALUE, ValueType.TEXT, "BYTES", "Memory soft limit (e.g. 256m).", "--memory-reservation"),
    SHM_SIZE(Arity.VALUE, ValueType.TEXT, "BYTES", "Size of /dev/shm (e.g. 256m; default 64m).", "--shm-size"),
    CPUS(Arity.VALUE, ValueType.TEXT, "N", "Number of CPUs (e.g. 1.5).", "--cpus", "-c"),
    CPU_SHARES(Arity.VALUE, ValueType.LONG, "N", "CPU shares (relative weight).", "--cpu-shares"),
    CPU_QUOTA(Arity.VALUE, ValueType.LONG, "MICROS", "Limit the CPU CFS quota (microseconds per 100ms period).", "--cpu-quota"),
    CPUSET_CPUS(Arity.VALUE, ValueType.TEXT, "LIST", "CPUs in which to allow execution (0-3, 0,1).", "--cpuset-cpus"),
    PIDS_LIMIT(Arity.VALUE, ValueType.LONG, "N", "Tune container pids limit (-1 for unlimited).", "--pids-limit"),
    PID(Arity.VALUE, ValueType.TEXT, "MODE", "PID namespace to use: host (default: the container's own).", "--pid"),
    IPC(Arity.VALUE, ValueType.TEXT, "MODE", "IPC namespace to use: host, private (default), shareable.", "--ipc"),
    UTS(Arity.VALUE, ValueType.TEXT, "MODE", "UTS namespace to use: host (default: the container's own).", "--uts"),
    PRIVILEGED(Arity.FLAG, ValueType.TEXT, null, "Give extended privileges: every capability and device, no seccomp filter.", "--privileged"),
    CAP_ADD(Arity.REPEATABLE, ValueType.TEXT, "CAP", "Add a Linux capability (NAME, CAP_NAME or ALL).", "--cap-add"),
    CAP_DROP(Arity.REPEATABLE, ValueType.TEXT, "CAP", "Drop a Linux capability (NAME, CAP_NAME or ALL).", "--cap-drop"),
    SECURITY_OPT(Arity.REPEATABLE, ValueType.TEXT, "OPT", "Security options: seccomp=PROFILE.json|unconfined, no-new-privileges.", "--security-opt"),
    ULIMIT(Arity.REPEATABLE, ValueType.TEXT, "NAME=SOFT[:HARD]", "Set a resource limit (e.g. nofile=1024:2048).", "--ulimit"),
    SYSCTL(Arity.REPEATABLE, ValueType.TEXT, "KEY=VALUE", "Set a namespaced kernel parameter (net.*, kernel.shm*, kernel.msg*, kernel.sem, fs.mqueue.*).", "--sysctl"),
    GROUP_ADD(Arity.REPEATABLE, ValueType.TEXT, "GROUP", "Add a supplementary group (name or number).", "--group-add"),
    DEVICE(Arity.REPEATABLE, ValueType.TEXT, "HOST[:CONTAINER][:rwm]", "Add a host device to the container.", "--device"),
    DEVICE_CGROUP_RULE(Arity.REPEATABLE, ValueType.TEXT, "RULE", "Add a rule to the cgroup allowed devices list (\"c 1:3 rwm\").", "--device-cgroup-rule"),
    LOG_DRIVER(Arity.VALUE, ValueType.TEXT, "DRIVER", "Logging driver for the container (json-file).", "--log-driver"),
    LOG_OPT(Arity.REPEATABLE, ValueType.TEXT, "K=V", "Log driver options: max-size=10m, max-file=3.", "--log-opt"),
    STOP_SIGNAL(Arity.VALUE, ValueType.TEXT, "SIGNAL", "Signal to stop the container (default: the image's, else SIGTERM).", "--stop-signal"),
    STOP_TIMEOUT(Arity.VALUE, ValueType.INT, "SECONDS", "Timeout (in seconds) to stop a container (default 10).", "--stop-timeout"),
    HEALTH_CMD(Arity.VALUE, ValueType.TEXT, "CMD", "Command to run to check health (run by /bin/sh -c in the container).", "--health-cmd"),
    HEALTH_INTERVAL(Arity.VALUE, ValueType.TEXT, "DURATION", "Time between running the check (ms|s|m|h) (default 30s).", "--health-interval"),
    HEALTH_TIMEOUT(Arity.VALUE, ValueType.TEXT, "DURATION", "Maximum time to allow one check to run (ms|s|m|h) (default 30s).", "--health-timeout"),
    HEALTH_START_PERIOD(Arity.VALUE, ValueType.TEXT, "DURATION", "Start period for the container to initialize before failed checks count (ms|s|m|h) (default 0s).", "--health-start-period"),
    HEALTH_START_INTERVAL(Arity.VALUE, ValueType.TEXT, "DURATION", "Time between running the check during the start period (ms|s|m|h) (default 5s).", "--health-start-interval"),
    HEALTH_RETRIES(Arity.VALUE, ValueType.INT, "N", "Consecutive failures needed to report unhealthy (default 3).", "--health-retries"),
    NO_HEALTHCHECK(Arity.FLAG, ValueType.TEXT, null, "Disable any container-specified HEALTHCHECK.", "--no-healthcheck"),
    PLATFORM(Arity.VALUE, ValueType.TEXT, "OS/ARCH", "Platform to pull if the image is multi-platform.", "--platform"),
    PULL(Arity.VALUE, ValueType.TEXT, "POLICY", "Pull image before running: missing (default), always, never.", "--pull"),
    ROOTFS(Arity.VALUE, ValueType.PATH, "ROOTFS", "Run a plain directory, or a root filesystem tarball (extracted for the container), as the root filesystem (no IMAGE).", "-r", "--rootfs");

    private final Spec spec;

    RunOption(Arity arity, ValueType type, String label, String description, String... names) {
        this.spec = new Spec(arity, type, label, description, null, names);
    }

    @Override public Spec spec() { return spec; }

    /**
     * Sets what this option says on the request; {@code value} is null for a flag. Converts the
     * text (a bad value is a MiniDockerException with the docker CLI's message); whether it suits
     * the host and the image is the planner's to check.
     */
    public void apply(RunRequest.Builder b, String value) {
        switch (this) {
            case NAME -> b.name(value);
            case CIDFILE -> { } // the CLI's own (cli/CidFile), not the request's
            case RM -> b.autoRemove(true);
            case DETACH -> b.detach(true);
            case RESTART -> b.restart(RestartPolicy.parse(value));
            case INIT -> b.init(true);
            case INTERACTIVE -> b.interactive(true);
            case TTY -> b.tty(true);
            case ENV -> b.env(value);
            case ENV_FILE -> b.envFile(Path.of(value));
            case LABEL -> b.label(value);
            case WORKDIR -> b.workdir(value);
            case USER -> b.user(value);
            case ENTRYPOINT -> b.entrypoint(value.isEmpty() ? List.of() : List.of(value));
            case HOSTNAME -> b.hostname(value);
            case NETWORK -> b.network(value);
            case IP -> b.ip(value);
            case NETWORK_ALIAS -> b.networkAlias(value);
            case ADD_HOST -> b.addHost(value);
            case DNS -> b.dns(value);
            case DNS_SEARCH -> b.dnsSearch(value);
            case DNS_OPTION -> b.dnsOption(value);
            case PUBLISH -> b.publish(PortSpec.parse(value));
            case PUBLISH_ALL -> b.publishAll(true);
            case EXPOSE -> b.expose(value);
            case VOLUME -> b.volume(value);
            case MOUNT -> MountFlag.apply(b, value);
            case VOLUMES_FROM -> b.volumesFrom(value);
            case TMPFS -> {
                int colon = value.indexOf(':');
                b.tmpfs(colon < 0 ? value : value.substring(0, colon), colon < 0 ? "" : value.substring(colon + 1));
            }
            case READ_ONLY -> b.readOnly(true);
            case MEMORY -> b.resources(b.resources().withMemory(FlagValues.size(value, "-m, --memory")));
            case MEMORY_SWAP -> b.resources(b.resources().withMemorySwap(FlagValues.swap(value, "--memory-swap")));
            case MEMORY_RESERVATION -> b.resources(b.resources().withMemoryReservation(
                    FlagValues.size(value, "--memory-reservation")));
            case SHM_SIZE -> b.resources(b.resources().withShmSize(FlagValues.size(value, "--shm-size")));
            case CPUS -> b.resources(b.resources().withNanoCpus(FlagValues.nanoCpus(value)));
            case CPU_SHARES -> b.resources(b.resources().withCpuShares(Long.parseLong(value)));
            case CPU_QUOTA -> b.resources(b.resources().withCpuQuota(Long.parseLong(value)));
            case CPUSET_CPUS -> b.resources(b.resources().withCpusetCpus(value));
            case PIDS_LIMIT -> b.resources(b.resources().withPidsLimit(Long.parseLong(value)));
            case PID -> b.security(b.security().withPidMode(value));
            case IPC -> b.security(b.security().withIpcMode(value));
            case UTS -> b.security(b.security().withUtsMode(value));
            case PRIVILEGED -> b.security(b.security().withPrivileged(true));
            case CAP_ADD -> b.security(b.security().withCapAdd(value));
            case CAP_DROP -> b.security(b.security().withCapDrop(value));
            case SECURITY_OPT -> b.security(b.security().withSecurityOpt(value));
            case ULIMIT -> b.security(b.security().withUlimit(Security.Ulimit.parse(value)));
            case SYSCTL -> b.security(b.security().withSysctl(value));
            case GROUP_ADD -> b.security(b.security().withGroupAdd(value));
            case DEVICE -> b.security(b.security().withDevice(Security.DeviceMapping.parse(value)));
            case DEVICE_CGROUP_RULE -> b.security(b.security().withDeviceCgroupRule(value));
            case LOG_DRIVER -> b.logDriver(value);
            case LOG_OPT -> b.logOpt(value);
            case STOP_SIGNAL -> b.stopSignal(value);
            case STOP_TIMEOUT -> b.stopTimeout(Integer.parseInt(value));
            case HEALTH_CMD -> b.healthCmd(value);
            case HEALTH_INTERVAL -> b.healthInterval(FlagValues.duration(value, "--health-interval"));
            case HEALTH_TIMEOUT -> b.healthTimeout(FlagValues.duration(value, "--health-timeout"));
            case HEALTH_START_PERIOD -> b.healthStartPeriod(FlagValues.duration(value, "--health-start-period"));
            case HEALTH_START_INTERVAL -> b.healthStartInterval(FlagValues.duration(value, "--health-start-interval"));
            case HEALTH_RETRIES -> b.healthRetries(Integer.parseInt(value));
            case NO_HEALTHCHECK -> b.noHealthcheck(true);
            case PLATFORM -> b.platform(value);
            case PULL -> b.pull(PullPolicy.parse(value));
            case ROOTFS -> b.rootfs(Path.of(value));
        }
    }
}
