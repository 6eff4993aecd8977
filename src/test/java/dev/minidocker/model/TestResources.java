package dev.minidocker.model;

import java.math.BigDecimal;
import java.util.List;

/** Resources from the flags' units (null: not set; cpus as a count), for tests that read better that way. */
public final class TestResources {
    private TestResources() {}

    public static Resources of(Long memory, Long memorySwap, Double cpus, Long cpuShares, String cpusetCpus,
                               Long pidsLimit) {
        return of(memory, memorySwap, cpus, cpuShares, cpusetCpus, pidsLimit, null);
    }

    public static Resources of(Long memory, Long memorySwap, Double cpus, Long cpuShares, String cpusetCpus,
                               Long pidsLimit, List<DeviceRule> devices) {
        return Resources.NONE.withMemory(memory == null ? 0 : memory).withMemorySwap(memorySwap == null ? 0 : memorySwap)
                .withNanoCpus(cpus == null ? 0 : new BigDecimal(Double.toString(cpus)).movePointRight(9).longValueExact())
                .withCpuShares(cpuShares == null ? 0 : cpuShares).withCpusetCpus(cpusetCpus).withPidsLimit(pidsLimit)
                .withDevices(devices);
    }
}
