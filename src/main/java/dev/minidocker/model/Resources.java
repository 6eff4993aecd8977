package dev.minidocker.model;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.minidocker.MiniDockerException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A container's resource limits, in Docker's names and units (HostConfig's Memory, MemorySwap,
 * NanoCpus, ...): the one type every layer uses, from the flags and the Engine API through the
 * container record and inspect to the cgroup writer. The HostConfig shapes on the wire and on disk
 * unwrap it ({@code @JsonUnwrapped}), so a field added here appears in the API, the record and
 * inspect without touching them. Zero means "not set", as in Docker.
 *
 * @param memory     -m: bytes (at least {@link #MIN_MEMORY})
 * @param memorySwap --memory-swap: memory plus swap in bytes; -1 unlimited swap
 * @param nanoCpus   --cpus: CPUs times 10^9 (0.5 CPU = 500000000)
 * @param cpuShares  --cpu-shares: relative weight, {@link #MIN_SHARES} to {@link #MAX_SHARES}
 * @param cpusetCpus --cpuset-cpus: the CPUs allowed, list format "0-2,4"; "" for all
 * @param pidsLimit  --pids-limit: maximum tasks; null, 0 or less is unlimited
 * @param cpuQuota   --cpu-quota: CFS quota in microseconds per {@link #CPU_PERIOD_US} (at least 1000); not with --cpus
 * @param shmSize    --shm-size: bytes of /dev/shm (0: Docker's {@link #DEFAULT_SHM_SIZE})
 * @param memoryReservation --memory-reservation: a soft limit in bytes, what the kernel reclaims
 *                   down to under pressure (cgroup v1 memory.soft_limit_in_bytes, v2 memory.low)
 * @param devices    the device access rules, in order ({@link DeviceRule#DOCKER_DEFAULT} unless a
 *                   container is given others; not a field of Docker's JSON, so never read from it)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonFormat(with = JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
public record Resources(
        @JsonProperty("Memory") long memory,
        @JsonProperty("MemorySwap") long memorySwap,
        @JsonProperty("NanoCpus") long nanoCpus,
        @JsonProperty("CpuShares") long cpuShares,
        @JsonProperty("CpusetCpus") String cpusetCpus,
        @JsonProperty("PidsLimit") Long pidsLimit,
        @JsonProperty("CpuQuota") long cpuQuota,
        @JsonProperty("ShmSize") long shmSize,
        @JsonProperty("MemoryReservation") long memoryReservation,
        @JsonIgnore List<DeviceRule> devices) {

    public static final Resources NONE = new Resources(0, 0, 0, 0, "", null, 0, 0, 0, null);
    /** Docker refuses smaller memory limits: the container could not even start. */
    public static final long MIN_MEMORY = 6L * 1024 * 1024;
    /** The CFS period Docker's --cpus works with, in microseconds (100 ms). */
    public static final long CPU_PERIOD_US = 100_000;
    public static final long MIN_SHARES = 2, MAX_SHARES = 262_144;
    /** Docker's /dev/shm: a 64 MiB tmpfs unless --shm-size says otherwise. */
    public static final long DEFAULT_SHM_SIZE = 64L * 1024 * 1024;
    private static final long NANOS_PER_CPU = 1_000_000_000L;

    public Resources {
        cpusetCpus = cpusetCpus == null ? "" : cpusetCpus;
        devices = devices == null ? DeviceRule.DOCKER_DEFAULT : List.copyOf(devices);
    }

    public Resources withMemory(long bytes) {
        return new Resources(bytes, memorySwap, nanoCpus, cpuShares, cpusetCpus, pidsLimit, cpuQuota, shmSize, memoryReservation, devices);
    }

    public Resources withMemorySwap(long bytes) {
        return new Resources(memory, bytes, nanoCpus, cpuShares, cpusetCpus, pidsLimit, cpuQuota, shmSize, memoryReservation, devices);
    }

    public Resources withNanoCpus(long nanos) {
        return new Resources(memory, memorySwap, nanos, cpuShares, cpusetCpus, pidsLimit, cpuQuota, shmSize, memoryReservation, devices);
    }

    public Resources withCpuShares(long shares) {
        return new Resources(memory, memorySwap, nanoCpus, shares, cpusetCpus, pidsLimit, cpuQuota, shmSize, memoryReservation, devices);
    }

    public Resources withCpusetCpus(String cpus) {
        return new Resources(memory, memorySwap, nanoCpus, cpuShares, cpus, pidsLimit, cpuQuota, shmSize, memoryReservation, devices);
    }

    public Resources withPidsLimit(Long limit) {
        return new Resources(memory, memorySwap, nanoCpus, cpuShares, cpusetCpus, limit, cpuQuota, shmSize, memoryReservation, devices);
    }

    /** --memory-reservation: bytes (checked with the other limits by {@link #validate}). */
    public Resources withMemoryReservation(long bytes) {
        return new Resources(memory, memorySwap, nanoCpus, cpuShares, cpusetCpus, pidsLimit, cpuQuota, shmSize, bytes, devices);
    }

    /** --shm-size: bytes (0: Docker's default; negative is refused in Docker's words). */
    public Resources withShmSize(long bytes) {
        if (bytes < 0) throw new MiniDockerException("SHM size can not be less than 0");
        return new Resources(memory, memorySwap, nanoCpus, cpuShares, cpusetCpus, pidsLimit, cpuQuota, bytes, memoryReservation, devices);
    }

    public Resources withCpuQuota(long micros) {
        return new Resources(memory, memorySwap, nanoCpus, cpuShares, cpusetCpus, pidsLimit, micros, shmSize, memoryReservation, devices);
    }

    public Resources withDevices(List<DeviceRule> rules) {
        return new Resources(memory, memorySwap, nanoCpus, cpuShares, cpusetCpus, pidsLimit, cpuQuota, shmSize, memoryReservation, rules);
    }

    /** What the container record keeps: an unlimited --pids-limit (0 or less) as no limit at all. */
    public Resources normalized() {
        return pidsLimit != null && pidsLimit <= 0 ? withPidsLimit(null) : this;
    }

    public boolean hasMemory() {
        return memory != 0;
    }

    public boolean hasSwap() {
        return memorySwap != 0;
    }

    /** Swap limited to a size (not -1, which is what no swap accounting gives anyway). */
    public boolean limitsSwap() {
        return memorySwap > 0;
    }

    public boolean hasCpus() {
        return nanoCpus != 0;
    }

    public boolean hasShares() {
        return cpuShares != 0;
    }

    public boolean hasCpuset() {
        return !cpusetCpus.isBlank();
    }

    /** A positive --pids-limit; 0 or less asks for no limit, which needs no pids controller. */
    public boolean hasPids() {
        return pidsLimit != null && pidsLimit > 0;
    }

    /** A CFS quota, from --cpus or --cpu-quota (a negative --cpu-quota is Docker's "unlimited"). */
    public boolean hasCpuQuota() {
        return hasCpus() || cpuQuota > 0;
    }

    /** The CFS quota in microseconds per {@link #CPU_PERIOD_US}: --cpu-quota, or --cpus as Docker converts it (NanoCPUs * period / 1e9). */
    public long cpuQuotaMicros() {
        return cpuQuota > 0 ? cpuQuota : nanoCpus * CPU_PERIOD_US / NANOS_PER_CPU;
    }

    /** cgroup v2 cpu.weight for --cpu-shares, as runc converts it (1..10000). */
    public long cpuWeight() {
        return 1 + ((cpuShares - 2) * 9999) / 262142;
    }

    /** pids.max value: the limit, or "max" when it is 0 or less (Docker's "unlimited"). */
    public String pidsMax() {
        return pidsLimit == null || pidsLimit <= 0 ? "max" : Long.toString(pidsLimit);
    }

    /**
     * Checks what does not depend on the cgroup tree, with Docker's messages; {@code hostCpus} is
     * the number of CPUs this host has. The planner calls it before anything is pulled or created,
     * the cgroup managers again before they write (a start from a stored spec).
     */
    public void validate(int hostCpus) {
        if (memory < 0) throw new MiniDockerException("invalid memory limit " + memory);
        if (hasMemory() && memory < MIN_MEMORY) throw new MiniDockerException("Minimum memory limit allowed is 6MB");
        if (memoryReservation < 0) throw new MiniDockerException("invalid memory reservation " + memoryReservation);
        if (shmSize < 0) throw new MiniDockerException("SHM size can not be less than 0"); // the API's, unchecked by withShmSize
        if (memoryReservation > 0 && memoryReservation < MIN_MEMORY) {
            throw new MiniDockerException("Minimum memory reservation allowed is 6MB");
        }
        if (hasMemory() && memoryReservation > memory) {
            throw new MiniDockerException("Minimum memory limit can not be less than memory reservation limit, see usage");
        }
        if (hasSwap()) {
            if (!hasMemory() && memorySwap > 0) {
                throw new MiniDockerException("You should always set the Memory limit when using Memoryswap limit, see usage");
            }
            if (memorySwap < -1) throw new MiniDockerException("invalid memory swap limit " + memorySwap);
            if (memorySwap != -1 && memorySwap < memory) {
                throw new MiniDockerException("Minimum memoryswap limit should be larger than memory limit, see usage");
            }
        }
        if (nanoCpus < 0 || (hasCpus() && nanoCpus < NANOS_PER_CPU / 100) || nanoCpus > hostCpus * NANOS_PER_CPU) {
            throw new MiniDockerException(String.format(Locale.ROOT,
                    "Range of CPUs is from 0.01 to %d.00, as there are only %d CPUs available", hostCpus, hostCpus));
        }
        if (cpuQuota > 0 && cpuQuota < 1000) {
            throw new MiniDockerException("CPU cfs quota can not be less than 1ms (i.e. 1000)");
        }
        if (cpuQuota > 0 && hasCpus()) {
            throw new MiniDockerException("Conflicting options: Nano CPUs and CPU Quota cannot both be set");
        }
        if (cpuShares < 0) {
            throw new MiniDockerException("invalid argument \"" + cpuShares + "\" for \"--cpu-shares\" flag: must be >= 0");
        }
        if (hasShares() && (cpuShares < MIN_SHARES || cpuShares > MAX_SHARES)) {
            throw new MiniDockerException("invalid --cpu-shares " + cpuShares + ": the range is " + MIN_SHARES + " to " + MAX_SHARES);
        }
        if (hasCpuset() && !isCpuList(cpusetCpus)) {
            throw new MiniDockerException("Invalid value " + cpusetCpus + " for cpuset cpus");
        }
    }

    /** "0-3", "0,2", "1-2,5": digits, ranges and commas (no regex: the lean client loads this class). */
    private static boolean isCpuList(String s) {
        boolean digit = false, rangeOpen = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if ((c == ',' || c == '-') && digit) {
                if (c == '-' && rangeOpen) return false;
                rangeOpen = c == '-';
                digit = false;
            } else {
                return false;
            }
            if (c == ',') rangeOpen = false;
        }
        return digit;
    }

    /**
     * Docker's names and values, in this record's order: what the lean client of {@code run} writes
     * without Jackson (ResourcesTest checks it against Jackson's own output of this record).
     */
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Memory", memory);
        m.put("MemorySwap", memorySwap);
        m.put("NanoCpus", nanoCpus);
        m.put("CpuShares", cpuShares);
        m.put("CpusetCpus", cpusetCpus);
        m.put("PidsLimit", pidsLimit);
        m.put("CpuQuota", cpuQuota);
        m.put("ShmSize", shmSize);
        m.put("MemoryReservation", memoryReservation);
        return m;
    }
}
