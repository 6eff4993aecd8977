package dev.minidocker.runtime.host;

import dev.minidocker.state.ContainerRecord;

/**
 * The network step of a run: {@link #setUp} runs with stage 2's pid while it still waits (its
 * network namespace exists, nothing runs in it yet); {@link #tearDown} runs when the container is
 * gone, on every path, and must be idempotent.
 */
public interface NetworkSetup {
    NetworkSetup NONE = new NetworkSetup() {
        @Override public void setUp(ContainerRecord container, long pid) {}
        @Override public void tearDown(String containerId) {}
    };

    /** @param container the record as stored (its name generated if the user gave none) */
    void setUp(ContainerRecord container, long pid);

    void tearDown(String containerId);

    /**
     * Frees what runs whose owner died left on the networks without an endpoint to tear down (an
     * address taken just before a SIGKILL, before the endpoint was saved). The sweep calls it after
     * it swept such a run.
     */
    default void reclaimStale() {}
}
