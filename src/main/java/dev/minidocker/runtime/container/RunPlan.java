package dev.minidocker.runtime.container;

import dev.minidocker.model.Resources;
import dev.minidocker.runtime.spec.ContainerSpec;
import dev.minidocker.state.ContainerRecord;
import java.util.List;

/**
 * A validated {@code run}: everything decided, nothing created yet.
 *
 * @param id          the new container's id
 * @param name        the requested name, or null for a generated one
 * @param image       the image id, or null for a plain root directory
 * @param imageRef    the image as typed, or the plain root directory
 * @param lowerDirs   the image's layer dirs, top-most first; empty for a plain root directory
 * @param plainRootfs the plain root directory (-r), or null
 * @param config      the merged process config as the record keeps it
 * @param env         the final environment (PATH, HOSTNAME, TERM, image Env, user env)
 * @param hostConfig  limits, binds, network, as the record keeps them
 * @param mounts      binds and tmpfs, in flag order
 * @param limits      the cgroup limits
 * @param copyUps     volumes to fill from the image at create when they are empty
 */
public record RunPlan(
        String id,
        String name,
        String image,
        String imageRef,
        List<String> lowerDirs,
        String plainRootfs,
        ContainerRecord.Config config,
        List<String> env,
        ContainerRecord.HostConfig hostConfig,
        List<ContainerSpec.Mount> mounts,
        Resources limits,
        List<VolumeCopyUp> copyUps) {

    public RunPlan {
        copyUps = copyUps == null ? List.of() : List.copyOf(copyUps);
    }

    public RunPlan(String id, String name, String image, String imageRef, List<String> lowerDirs, String plainRootfs,
                   ContainerRecord.Config config, List<String> env, ContainerRecord.HostConfig hostConfig,
                   List<ContainerSpec.Mount> mounts, Resources limits) {
        this(id, name, image, imageRef, lowerDirs, plainRootfs, config, env, hostConfig, mounts, limits, List.of());
    }

    public boolean autoRemove() {
        return hostConfig.autoRemove();
    }

    public String network() {
        return hostConfig.networkMode();
    }
}
