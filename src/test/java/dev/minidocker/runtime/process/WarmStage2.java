package dev.minidocker.runtime.process;

import dev.minidocker.runtime.spec.ContainerSpec;

/** Claims a waiting stage 2 from a pool in tests. */
final class WarmStage2 {
    private WarmStage2() {}

    /**
     * Waits for a warm stage 2 and claims it for {@code spec}; {@code whileWaiting} runs while one
     * waits. A claim gives up a stage 2 spawned before the host's mount table changed, and other
     * builds on this machine mount things: it tries a few times.
     */
    static WaitingStage2 claim(Stage2Pool pool, ContainerSpec spec, Runnable whileWaiting)
            throws InterruptedException {
        for (int attempt = 0; attempt < 10; attempt++) {
            pool.refill();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!pool.ready()) {
                if (System.nanoTime() > deadline) throw new AssertionError("no stage 2 became ready in 30 s");
                Thread.sleep(20);
            }
            whileWaiting.run();
            WaitingStage2 warm = pool.claim(spec);
            if (warm != null) return warm;
        }
        throw new AssertionError("no warm stage 2 could be claimed in 10 attempts");
    }
}
