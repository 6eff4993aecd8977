package dev.minidocker.linux.cgroup;

import dev.minidocker.model.DeviceRule;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;

/**
 * The resource flags of {@code docker run}; null means "not given". Values are Docker's:
 *
 * @param memoryBytes     -m: memory limit in bytes (0 also means none)
 * @param memorySwapBytes --memory-swap: memory + swap in bytes, -1 for unlimited swap (0 means none)
 * @param cpus            --cpus: CPU quota in CPUs, e.g. 0.5
 * @param cpuShares       --cpu-shares: relative weight, 2..262144 (0 means none)
 * @param cpusetCpus      --cpuset-cpus: CPUs allowed, list format "0-2,4"
 * @param pidsLimit       --pids-limit: maximum tasks; 0 or less means unlimited
 * @param devices         the device access rules, in order (null: {@link DeviceRule#DOCKER_DEFAULT})
 */
public record ResourceLimits(Long memoryBytes, Long memorySwapBytes, Double cpus, Long cpuShares,
                             String cpusetCpus, Long pidsLimit, List<DeviceRule> devices) {
    public static final ResourceLimits NONE = new ResourceLimits(null, null, null, null, null, null);
    /** Docker refuses smaller memory limits: the container could not even start. */
    public static final long MIN_MEMORY = 6L * 1024 * 1024;
    public static final long CPU_PERIOD_US = 100_000;
    public static final long MIN_SHARES = 2, MAX_SHARES = 262_144;

    public ResourceLimits {
        devices = devices == null ? DeviceRule.DOCKER_DEFAULT : List.copyOf(devices);
    }

    /** Limits with Docker's default device rules. */
    public ResourceLimits(Long memoryBytes, Long memorySwapBytes, Double cpus, Long cpuShares, String cpusetCpus,
                          Long pidsLimit) {
        this(memoryBytes, memorySwapBytes, cpus, cpuShares, cpusetCpus, pidsLimit, null);
    }

    /** What the devices cgroup (v1) or device program (v2) must enforce. */
    public DevicePolicy devicePolicy() {
        return DevicePolicy.of(devices);
    }

    public static ResourceLimits none() {
        return NONE;
    }

    public boolean hasMemory() {
        return memoryBytes != null && memoryBytes != 0;
    }

    public boolean hasSwap() {
        return memorySwapBytes != null && memorySwapBytes != 0;
    }

    public boolean hasCpus() {
        return cpus != null;
    }

    public boolean hasShares() {
        return cpuShares != null && cpuShares != 0;
    }

    public boolean hasCpuset() {
        return cpusetCpus != null && !cpusetCpus.isBlank();
    }

    /** A positive --pids-limit; 0 or less asks for no limit, which needs no pids controller. */
    public boolean hasPids() {
        return pidsLimit != null && pidsLimit > 0;
    }

    /** Swap limited to a size (not -1, which is what no swap accounting gives anyway). */
    public boolean limitsSwap() {
        return hasSwap() && memorySwapBytes > 0;
    }

    /**
     * Checks what does not depend on the cgroup tree, with Docker's messages; {@code hostCpus} is
     * the number of CPUs this host has. Throws CgroupException.
     */
    public void validate(int hostCpus) {
        if (memoryBytes != null && memoryBytes < 0) {
            throw new CgroupException("invalid memory limit " + memoryBytes);
        }
        if (hasMemory() && memoryBytes < MIN_MEMORY) {
            throw new CgroupException("Minimum memory limit allowed is 6MB");
        }
        if (hasSwap()) {
            if (!hasMemory() && memorySwapBytes > 0) {
                throw new CgroupException(
                        "You should always set the Memory limit when using Memoryswap limit, see usage");
            }
            if (memorySwapBytes < -1) throw new CgroupException("invalid memory swap limit " + memorySwapBytes);
            if (memorySwapBytes != -1 && memorySwapBytes < memoryBytes) {
                throw new CgroupException(
                        "Minimum memoryswap limit should be larger than memory limit, see usage");
            }
        }
        if (hasCpus()) {
            if (cpus.isNaN() || cpus < 0.01 || cpus > hostCpus) {
                throw new CgroupException(String.format(Locale.ROOT,
                        "Range of CPUs is from 0.01 to %d.00, as there are only %d CPUs available",
                        hostCpus, hostCpus));
            }
        }
        if (cpuShares != null && cpuShares != 0 && (cpuShares < MIN_SHARES || cpuShares > MAX_SHARES)) {
            throw new CgroupException("invalid --cpu-shares " + cpuShares + ": the range is "
                    + MIN_SHARES + " to " + MAX_SHARES);
        }
        if (hasCpuset()) requestedCpuset();
    }

    /** The parsed --cpuset-cpus, or a CgroupException with Docker's message. */
    public CpuSet requestedCpuset() {
        try {
            CpuSet set = CpuSet.parse(cpusetCpus);
            if (set.isEmpty()) throw new IllegalArgumentException(cpusetCpus);
            return set;
        } catch (IllegalArgumentException e) {
            throw new CgroupException("Invalid value " + cpusetCpus + " for cpuset cpus");
        }
    }

    /** Checks the requested CPUs against those the parent cgroup allows. */
    public void checkCpusetWithin(CpuSet allowed) {
        CpuSet requested = requestedCpuset();
        if (!allowed.containsAll(requested)) {
            throw new CgroupException("Requested CPUs are not available - requested "
                    + cpusetCpus + ", available: " + allowed);
        }
    }

    /** CFS quota for --cpus with a 100ms period (Docker's NanoCPUs * period / 1e9). */
    public long cpuQuotaMicros() {
        return new BigDecimal(Double.toString(cpus)).multiply(BigDecimal.valueOf(CPU_PERIOD_US))
                .setScale(0, RoundingMode.DOWN).longValueExact();
    }

    /** cgroup v2 cpu.weight for --cpu-shares, as runc converts it (1..10000). */
    public long cpuWeight() {
        return 1 + ((cpuShares - 2) * 9999) / 262142;
    }

    /** pids.max value: the limit, or "max" when it is 0 or less (Docker's "unlimited"). */
    public String pidsMax() {
        return pidsLimit == null || pidsLimit <= 0 ? "max" : Long.toString(pidsLimit);
    }
}
