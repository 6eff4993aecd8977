package dev.minidocker.engine.container;

import java.nio.file.Path;
import java.util.List;

/**
 * What the user asked {@code run} for, as typed, before any validation. Strings stay raw so that
 * every error message can quote the user's own text.
 *
 * @param entrypoint null: keep the image's; "": clear it; else a single executable (Docker semantics)
 * @param rootfs     a plain directory to run instead of an image (-r); then image is null
 * @param command    the positionals after the image (or all positionals with -r)
 * @param restart    --restart as typed ("no", "always", "unless-stopped", "on-failure[:N]"), or null
 * @param init       --init: a reaper runs as PID 1
 * @param publish    -p values as typed
 * @param publishAll -P: publish every ExposedPorts entry of the image to a random host port
 */
public record RunRequest(
        String name,
        boolean autoRemove,
        boolean interactive,
        boolean tty,
        List<String> env,
        List<Path> envFiles,
        String workdir,
        String user,
        String entrypoint,
        String hostname,
        String network,
        List<String> volumes,
        List<String> tmpfs,
        boolean readOnly,
        String memory,
        String memorySwap,
        String cpus,
        Long cpuShares,
        String cpusetCpus,
        Long pidsLimit,
        String platform,
        String pull,
        Path rootfs,
        String image,
        List<String> command,
        String restart,
        boolean init,
        List<String> publish,
        boolean publishAll) {

    /** Without published ports. */
    public RunRequest(String name, boolean autoRemove, boolean interactive, boolean tty, List<String> env,
                      List<Path> envFiles, String workdir, String user, String entrypoint, String hostname,
                      String network, List<String> volumes, List<String> tmpfs, boolean readOnly, String memory,
                      String memorySwap, String cpus, Long cpuShares, String cpusetCpus, Long pidsLimit,
                      String platform, String pull, Path rootfs, String image, List<String> command, String restart,
                      boolean init) {
        this(name, autoRemove, interactive, tty, env, envFiles, workdir, user, entrypoint, hostname, network,
                volumes, tmpfs, readOnly, memory, memorySwap, cpus, cpuShares, cpusetCpus, pidsLimit, platform, pull,
                rootfs, image, command, restart, init, null, false);
    }

    /** Without --restart and --init (the options of a foreground run). */
    public RunRequest(String name, boolean autoRemove, boolean interactive, boolean tty, List<String> env,
                      List<Path> envFiles, String workdir, String user, String entrypoint, String hostname,
                      String network, List<String> volumes, List<String> tmpfs, boolean readOnly, String memory,
                      String memorySwap, String cpus, Long cpuShares, String cpusetCpus, Long pidsLimit,
                      String platform, String pull, Path rootfs, String image, List<String> command) {
        this(name, autoRemove, interactive, tty, env, envFiles, workdir, user, entrypoint, hostname, network,
                volumes, tmpfs, readOnly, memory, memorySwap, cpus, cpuShares, cpusetCpus, pidsLimit, platform, pull,
                rootfs, image, command, null, false, null, false);
    }

    /** The same request with --restart and --init set. */
    public RunRequest withLifecycle(String restartPolicy, boolean withInit) {
        return new RunRequest(name, autoRemove, interactive, tty, env, envFiles, workdir, user, entrypoint, hostname,
                network, volumes, tmpfs, readOnly, memory, memorySwap, cpus, cpuShares, cpusetCpus, pidsLimit, platform,
                pull, rootfs, image, command, restartPolicy, withInit, publish, publishAll);
    }

    /** The same request with -p values and -P. */
    public RunRequest withPorts(List<String> ports, boolean all) {
        return new RunRequest(name, autoRemove, interactive, tty, env, envFiles, workdir, user, entrypoint, hostname,
                network, volumes, tmpfs, readOnly, memory, memorySwap, cpus, cpuShares, cpusetCpus, pidsLimit, platform,
                pull, rootfs, image, command, restart, init, ports, all);
    }

    public RunRequest {
        publish = publish == null ? List.of() : List.copyOf(publish);
        env = env == null ? List.of() : List.copyOf(env);
        envFiles = envFiles == null ? List.of() : List.copyOf(envFiles);
        volumes = volumes == null ? List.of() : List.copyOf(volumes);
        tmpfs = tmpfs == null ? List.of() : List.copyOf(tmpfs);
        command = command == null ? List.of() : List.copyOf(command);
    }

    /** {@code run --rm IMAGE-OR-ROOTFS COMMAND...} with every other option at its default. */
    public static RunRequest minimal(String image, Path rootfs, List<String> command) {
        return new RunRequest(null, true, false, false, null, null, null, null, null, null, null, null, null,
                false, null, null, null, null, null, null, null, null, rootfs, image, command);
    }
}
