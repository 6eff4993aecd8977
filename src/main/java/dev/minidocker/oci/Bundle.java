package dev.minidocker.oci;

import dev.minidocker.model.Resources;
import dev.minidocker.runtime.process.Stage2Launcher;
import dev.minidocker.runtime.spec.ContainerSpec;
import java.util.List;
import java.util.Map;

/**
 * An OCI bundle's config.json, translated into what mini-docker's stage 2 and launcher take.
 *
 * @param directory    the bundle directory (absolute)
 * @param rootfs       the root filesystem (absolute)
 * @param spec         the container for stage 2 (with {@link ContainerSpec.OciExtras})
 * @param unshareFlags namespaces to create (CLONE_NEW*)
 * @param joins        namespaces to enter by path
 * @param cgroupsPath  where the cgroup goes, relative to each hierarchy's root ("libpod_parent/libpod-ID")
 * @param resources    its limits
 * @param hooks        "prestart", "createRuntime", "poststart", "poststop", ... each in order
 * @param annotations  config.json's annotations (reported by `state`)
 * @param seccomp      linux.seccomp as a profile's JSON for runtime/seccomp's compiler and its flags (OciSeccomp); null: none
 */
public record Bundle(String directory, String rootfs, ContainerSpec spec, int unshareFlags,
                     List<Stage2Launcher.Join> joins, String cgroupsPath, Resources resources,
                     Map<String, List<Hook>> hooks, Map<String, String> annotations,
                     OciSeccomp.Section seccomp) {

    /** One hook: path, args (argv, args[0] included), env, timeout in seconds (0: none). */
    public record Hook(String path, List<String> args, List<String> env, int timeout) {}
}
