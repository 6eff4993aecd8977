package dev.minidocker.runtime;

/**
 * The network step of a run: {@link #setUp} runs with stage 2's pid while it still waits (its
 * network namespace exists, nothing runs in it yet); {@link #tearDown} runs when the container is
 * gone, on every path, and must be idempotent.
 */
public interface NetworkSetup {
    NetworkSetup NONE = new NetworkSetup() {
        @Override public void setUp(RunPlan plan, String name, long pid) {}
        @Override public void tearDown(String containerId) {}
    };

    /** @param name the container's name as stored (generated when the plan has none) */
    void setUp(RunPlan plan, String name, long pid);

    void tearDown(String containerId);
}
