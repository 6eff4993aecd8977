package dev.minidocker.runtime.container;

import dev.minidocker.linux.cgroup.CgroupManager;
import dev.minidocker.linux.cgroup.CgroupStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** {@code stats}: a container's cgroup counters and its network namespace's byte counts. */
public final class ContainerStats {
    private final CgroupManager cgroups;

    /**
     * @param cgroupStats the cgroup's counters (cpu, memory and its limit, pids)
     * @param rxBytes     received on every interface but lo (0 with --network none)
     * @param txBytes     sent likewise
     * @param hostMemory  MemTotal of the host: Docker's limit when there is none
     */
    public record Sample(CgroupStats cgroupStats, long rxBytes, long txBytes, long hostMemory, long nanoTime) {
        public long memoryLimit() {
            long l = cgroupStats.memoryLimitBytes();
            return l < 0 || l > hostMemory ? hostMemory : l;
        }
    }

    public ContainerStats() {
        this(CgroupManager.detect());
    }

    public ContainerStats(CgroupManager cgroups) {
        this.cgroups = cgroups;
    }

    /** Empty when the container has no cgroup (not running). */
    public Optional<Sample> sample(String containerId, long initPid) {
        return cgroups.open(containerId).map(c -> {
            long[] net = network(initPid);
            return new Sample(c.stats(), net[0], net[1], hostMemory(), System.nanoTime());
        });
    }

    /** CPU use between two samples in percent of one CPU, as Docker shows it. */
    public static double cpuPercent(Sample before, Sample after) {
        long wall = after.nanoTime() - before.nanoTime();
        if (wall <= 0) return 0;
        return 100.0 * (after.cgroupStats().cpuUsageNanos() - before.cgroupStats().cpuUsageNanos()) / wall;
    }

    private static long[] network(long pid) {
        long rx = 0, tx = 0;
        if (pid <= 0) return new long[] {0, 0};
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "net", "dev"))) {
                int colon = line.indexOf(':');
                if (colon < 0) continue;
                String iface = line.substring(0, colon).trim();
                if (iface.equals("lo")) continue;
                String[] f = line.substring(colon + 1).trim().split("\\s+");
                rx += Long.parseLong(f[0]);
                tx += Long.parseLong(f[8]);
            }
        } catch (IOException | RuntimeException gone) {
            // the container ended meanwhile
        }
        return new long[] {rx, tx};
    }

    private static long hostMemory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) return Long.parseLong(line.replaceAll("\\D+", "")) * 1024;
            }
        } catch (IOException ignored) {
            // unknown
        }
        return 0;
    }
}
