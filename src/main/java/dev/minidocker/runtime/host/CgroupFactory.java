package dev.minidocker.runtime.host;

import dev.minidocker.model.Resources;
import dev.minidocker.runtime.spec.CgroupPlacement;
import java.util.Optional;

/** Creates and finds the cgroup of a container (v1 or v2 behind it is not our concern here). */
public interface CgroupFactory {

    /** One container's cgroup. */
    interface Handle {
        void addProcess(long pid);

        /** Where stage 2 goes: this cgroup, and back to ours in between (see {@link CgroupPlacement}). */
        CgroupPlacement placement();

        boolean oomKilled();

        /** Stops every task until {@link #thaw()} (commit's --pause): the cgroup freezer, v1 or v2. */
        default void freeze() {
            throw new dev.minidocker.MiniDockerException("this cgroup cannot be frozen");
        }

        default void thaw() {
        }

        /** New limits for the running container (Docker's update). */
        default void update(Resources limits) {
            throw new dev.minidocker.MiniDockerException("this cgroup's limits cannot be changed");
        }

        /** SIGKILL every process in the cgroup. */
        void killAll();

        /** Removes the cgroup; its processes must be gone. */
        void destroy();
    }

    Handle create(String containerId, Resources limits);

    Optional<Handle> open(String containerId);
}
