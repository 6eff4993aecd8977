package dev.minidocker.runtime.init;

import dev.minidocker.linux.ThrowawayThread;

/**
 * {@link Training#rehearseWithoutSyscalls} on a thread of its own, so that a container's stage 2
 * rehearses the codec and the mount plan while its main thread links FFM (~13 ms interpreted;
 * the launcher waits for stage 2 then, so the other core would idle): ~2 ms off its start-up.
 * A failure is the main thread's to report ({@link #finish}), as a failed rehearsal on it would be.
 */
final class RehearsalBeside implements Runnable {
    private final Thread thread = new Thread(this, "minidocker-rehearsal");
    private volatile RuntimeException failure;

    private RehearsalBeside() {}

    static RehearsalBeside start() {
        RehearsalBeside r = new RehearsalBeside();
        r.thread.start();
        return r;
    }

    @Override
    public void run() {
        try {
            Training.rehearseWithoutSyscalls();
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    /** Waits for the rehearsal; throws what it threw. */
    void finish() {
        ThrowawayThread.join(thread);
        if (failure != null) throw failure;
    }
}
