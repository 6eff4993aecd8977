package dev.minidocker.runtime;

import dev.minidocker.MiniDockerException;
import java.io.PrintStream;
import java.util.Optional;
import java.util.function.IntConsumer;

/**
 * TEMPORARY stand-ins until the store, runtime and cgroup branches land in main; to be replaced
 * by adapters over ImageStore, ContainerLauncher and CgroupManager, and this file deleted.
 */
public final class PendingBackends {
    private PendingBackends() {}

    public static ImageResolver images() {
        return (String ref, ImageResolver.PullPolicy policy, String platform, PrintStream progress) -> {
            throw new MiniDockerException("image store not available in this build: cannot resolve " + ref);
        };
    }

    public static ContainerStarter starter() {
        return (ContainerSpec spec, IntConsumer beforeStart) -> {
            throw new MiniDockerException("container launcher not available in this build");
        };
    }

    public static CgroupFactory cgroups() {
        return new CgroupFactory() {
            @Override
            public Handle create(String containerId, Limits limits) {
                throw new MiniDockerException("cgroup manager not available in this build");
            }

            @Override
            public Optional<Handle> open(String containerId) {
                return Optional.empty();
            }
        };
    }
}
