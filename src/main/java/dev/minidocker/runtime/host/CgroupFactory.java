package dev.minidocker.runtime.host;

import dev.minidocker.linux.cgroup.DeviceRule;
import dev.minidocker.runtime.spec.CgroupPlacement;
import java.util.List;
import java.util.Optional;

/** Creates and finds the cgroup of a container (v1 or v2 behind it is not our concern here). */
public interface CgroupFactory {

    /**
     * Limits as the flags give them; null means "not set". {@code devices} are the device access
     * rules in order; null (also in a start.json written before they existed) is Docker's default.
     */
    record Limits(Long memoryBytes, Long memorySwapBytes, Double cpus, Long cpuShares, String cpusetCpus,
                  Long pidsLimit, List<DeviceRule> devices) {
        public static final Limits NONE = new Limits(null, null, null, null, null, null);

        public Limits {
            devices = devices == null ? DeviceRule.DOCKER_DEFAULT : List.copyOf(devices);
        }

        /** Limits with Docker's default device rules. */
        public Limits(Long memoryBytes, Long memorySwapBytes, Double cpus, Long cpuShares, String cpusetCpus,
                      Long pidsLimit) {
            this(memoryBytes, memorySwapBytes, cpus, cpuShares, cpusetCpus, pidsLimit, null);
        }
    }

    /** One container's cgroup. */
    interface Handle {
        void addProcess(long pid);

        /** Where stage 2 goes: this cgroup, and back to ours in between (see {@link CgroupPlacement}). */
        CgroupPlacement placement();

        boolean oomKilled();

        /** SIGKILL every process in the cgroup. */
        void killAll();

        /** Removes the cgroup; its processes must be gone. */
        void destroy();
    }

    Handle create(String containerId, Limits limits);

    Optional<Handle> open(String containerId);
}
