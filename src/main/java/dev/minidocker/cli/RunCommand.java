package dev.minidocker.cli;

import dev.minidocker.engine.container.RunRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mini-docker run [OPTIONS] IMAGE [COMMAND] [ARG...]}. Option parsing stops at the first
 * positional (set in {@link Main}), so {@code run busybox ls -l} hands {@code -l} to ls.
 */
@Command(name = "run", sortOptions = false, usageHelpAutoWidth = true,
        description = "Create and run a new container from an image (or a plain root directory with -r).")
public final class RunCommand implements Callable<Integer> {
    @ParentCommand
    Main parent;

    @Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;
    @Option(names = "--name", paramLabel = "NAME", description = "Assign a name to the container.")
    String name;
    @Option(names = "--rm", description = "Remove the container when it exits.")
    boolean autoRemove;
    @Option(names = {"-d", "--detach"}, description = "Run the container in the background and print its id.")
    boolean detach;
    @Option(names = "--restart", paramLabel = "POLICY", description = "Restart policy: no, on-failure[:N], always, unless-stopped.")
    String restart;
    @Option(names = "--init", description = "Run an init inside the container that forwards signals and reaps processes.")
    boolean init;
    @Option(names = {"-i", "--interactive"}, description = "Keep STDIN open.")
    boolean interactive;
    @Option(names = {"-t", "--tty"}, description = "Allocate a pseudo-TTY.")
    boolean tty;
    @Option(names = {"-e", "--env"}, paramLabel = "K[=V]", description = "Set an environment variable (K alone: the host's value).")
    List<String> env = new ArrayList<>();
    @Option(names = "--env-file", paramLabel = "FILE", description = "Read environment variables from a file.")
    List<Path> envFiles = new ArrayList<>();
    @Option(names = {"-w", "--workdir"}, paramLabel = "DIR", description = "Working directory inside the container.")
    String workdir;
    @Option(names = {"-u", "--user"}, paramLabel = "USER[:GROUP]", description = "Username or UID (format: <name|uid>[:<group|gid>]).")
    String user;
    @Option(names = "--entrypoint", paramLabel = "CMD", description = "Overwrite the image's ENTRYPOINT (\"\" clears it).")
    String entrypoint;
    @Option(names = {"-h", "--hostname"}, paramLabel = "NAME", description = "Container host name (default: the short id).")
    String hostname;
    @Option(names = {"--network", "--net"}, paramLabel = "MODE", description = "bridge (default), none, host, container:NAME or a network's name.")
    String network;
    @Option(names = {"-p", "--publish"}, paramLabel = "[IP:][HOST_PORT:]PORT[/PROTO]", description = "Publish a container's port to the host.")
    List<String> publish = new ArrayList<>();
    @Option(names = {"-P", "--publish-all"}, description = "Publish all exposed ports to random host ports.")
    boolean publishAll;
    @Option(names = {"-v", "--volume"}, paramLabel = "/HOST:/CTR[:ro|rw]", description = "Bind mount a host path.")
    List<String> volumes = new ArrayList<>();
    @Option(names = "--tmpfs", paramLabel = "/PATH[:OPTS]", description = "Mount a tmpfs.")
    List<String> tmpfs = new ArrayList<>();
    @Option(names = "--read-only", description = "Mount the container's root filesystem read-only.")
    boolean readOnly;
    @Option(names = {"-m", "--memory"}, paramLabel = "BYTES", description = "Memory limit (e.g. 512m).")
    String memory;
    @Option(names = "--memory-swap", paramLabel = "BYTES", description = "Memory plus swap limit; -1: unlimited swap.")
    String memorySwap;
    @Option(names = {"--cpus", "-c"}, paramLabel = "N", description = "Number of CPUs (e.g. 1.5).")
    String cpus;
    @Option(names = "--cpu-shares", paramLabel = "N", description = "CPU shares (relative weight).")
    Long cpuShares;
    @Option(names = "--cpuset-cpus", paramLabel = "LIST", description = "CPUs in which to allow execution (0-3, 0,1).")
    String cpusetCpus;
    @Option(names = "--pids-limit", paramLabel = "N", description = "Tune container pids limit (-1 for unlimited).")
    Long pidsLimit;
    @Option(names = "--platform", paramLabel = "OS/ARCH", description = "Platform to pull if the image is multi-platform.")
    String platform;
    @Option(names = "--pull", paramLabel = "POLICY", description = "Pull image before running: missing (default), always, never.")
    String pull;
    @Option(names = {"-r", "--rootfs"}, paramLabel = "ROOTFS", description = "Run a plain directory as the root filesystem (no IMAGE).")
    Path rootfs;

    @Parameters(paramLabel = "IMAGE [COMMAND] [ARG...]", arity = "0..*",
            description = "The image, then the command and its arguments (all of them are the command with -r).")
    List<String> positionals = new ArrayList<>();

    @Override
    public Integer call() {
        RunRequest request = toRequest().withLifecycle(restart, init);
        if (detach) {
            RootPrivileges.require("run");
            if (interactive || tty) {
                throw new dev.minidocker.MiniDockerException("-d cannot be combined with -i or -t yet: use exec -it to get a shell");
            }
            System.out.println(Backends.create(parent.global.root()).runDetached(request));
            return 0;
        }
        return Backends.run(parent.global.root(), request, "run"); // which checks for root
    }

    /** call() as picocli's execute() would run it, for {@link RunFastPath}: errors printed, mapped to codes. */
    int callReportingErrors() {
        try {
            return call();
        } catch (Exception e) {
            return ExitCodes.report(e, parent.global.debug(),
                    new java.io.PrintWriter(new java.io.OutputStreamWriter(System.err, java.nio.charset.Charset.defaultCharset()), true));
        }
    }

    RunRequest toRequest() {
        String image = null;
        List<String> command = positionals;
        if (rootfs == null) {
            if (positionals.isEmpty()) throw new dev.minidocker.MiniDockerException("\"run\" requires at least 1 argument");
            image = positionals.getFirst();
            command = positionals.subList(1, positionals.size());
        }
        return new RunRequest(name, autoRemove, interactive, tty, env, envFiles, workdir, user, entrypoint,
                hostname, network, volumes, tmpfs, readOnly, memory, memorySwap, cpus, cpuShares, cpusetCpus,
                pidsLimit, platform, pull, rootfs, image, command).withPorts(publish, publishAll);
    }
}
