package dev.minidocker.runtime;

import java.nio.file.Path;
import java.util.List;

/**
 * What the user asked {@code run} for, as typed, before any validation. Strings stay raw so that
 * every error message can quote the user's own text.
 *
 * @param entrypoint null: keep the image's; "": clear it; else a single executable (Docker semantics)
 * @param rootfs     a plain directory to run instead of an image (-r); then image is null
 * @param command    the positionals after the image (or all positionals with -r)
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
        List<String> publish,
        boolean publishAll) {

    /** Without published ports. */
    public RunRequest(String name, boolean autoRemove, boolean interactive, boolean tty, List<String> env,
                      List<Path> envFiles, String workdir, String user, String entrypoint, String hostname,
                      String network, List<String> volumes, List<String> tmpfs, boolean readOnly, String memory,
                      String memorySwap, String cpus, Long cpuShares, String cpusetCpus, Long pidsLimit,
                      String platform, String pull, Path rootfs, String image, List<String> command) {
        this(name, autoRemove, interactive, tty, env, envFiles, workdir, user, entrypoint, hostname, network, volumes,
                tmpfs, readOnly, memory, memorySwap, cpus, cpuShares, cpusetCpus, pidsLimit, platform, pull, rootfs,
                image, command, null, false);
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
