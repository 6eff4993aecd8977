package dev.minidocker.linux.cgroup;

/**
 * A snapshot of one container's cgroup counters.
 *
 * @param cpuUsageNanos     CPU time used by all its processes (v1 cpuacct.usage, v2 cpu.stat usage_usec)
 * @param memoryUsageBytes  memory charged now (v1 memory.usage_in_bytes, v2 memory.current)
 * @param memoryLimitBytes  the memory limit, or -1 when unlimited
 * @param pidsCurrent       number of tasks now
 * @param pidsLimit         pids.max, or -1 when unlimited
 */
public record CgroupStats(long cpuUsageNanos, long memoryUsageBytes, long memoryLimitBytes,
                          long pidsCurrent, long pidsLimit) {
    public static final long UNLIMITED = -1;
}
