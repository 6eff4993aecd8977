package dev.minidocker.engine.container;

/**
 * One reading of a running container's cgroup and network counters ({@code stats}).
 *
 * @param cpuUsageNanos cumulative CPU time of its processes
 * @param memoryLimit   the memory limit, or the host's memory without one (as Docker shows it)
 * @param rxBytes       received on every interface but lo; {@code txBytes} sent
 * @param nanoTime      when it was taken (System.nanoTime)
 */
public record StatsSample(long cpuUsageNanos, long memoryUsage, long memoryLimit, long pids, long rxBytes,
                          long txBytes, long nanoTime) {

    /** CPU use between two samples in percent of one CPU, as Docker shows it. */
    public static double cpuPercent(StatsSample before, StatsSample after) {
        long wall = after.nanoTime - before.nanoTime;
        return wall <= 0 ? 0 : 100.0 * (after.cpuUsageNanos - before.cpuUsageNanos) / wall;
    }
}
