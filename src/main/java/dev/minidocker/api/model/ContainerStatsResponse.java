package dev.minidocker.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * One entry of {@code GET /containers/{id}/stats}: the counters {@code docker stats} computes its
 * columns from (CPU % = cpu delta / system delta x online CPUs; memory usage minus inactive file).
 */
public record ContainerStatsResponse(
        @JsonProperty("read") String read,
        @JsonProperty("preread") String preread,
        @JsonProperty("id") String id,
        @JsonProperty("name") String name,
        @JsonProperty("num_procs") int numProcs,
        @JsonProperty("pids_stats") Map<String, Long> pidsStats,
        @JsonProperty("blkio_stats") Map<String, Object> blkioStats,
        @JsonProperty("storage_stats") Map<String, Object> storageStats,
        @JsonProperty("cpu_stats") CpuStats cpuStats,
        @JsonProperty("precpu_stats") CpuStats precpuStats,
        @JsonProperty("memory_stats") MemoryStats memoryStats,
        @JsonProperty("networks") Map<String, Map<String, Long>> networks) {

    public record CpuStats(
            @JsonProperty("cpu_usage") CpuUsage cpuUsage,
            @JsonProperty("system_cpu_usage") long systemCpuUsage,
            @JsonProperty("online_cpus") int onlineCpus,
            @JsonProperty("throttling_data") Map<String, Long> throttlingData) {
    }

    public record CpuUsage(
            @JsonProperty("total_usage") long totalUsage,
            @JsonProperty("usage_in_kernelmode") long usageInKernelmode,
            @JsonProperty("usage_in_usermode") long usageInUsermode) {
    }

    public record MemoryStats(
            @JsonProperty("usage") long usage,
            @JsonProperty("limit") long limit,
            @JsonProperty("stats") Map<String, Long> stats) {
    }
}
