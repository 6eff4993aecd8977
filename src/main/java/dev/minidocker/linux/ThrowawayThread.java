package dev.minidocker.linux;

import java.util.function.Supplier;

/**
 * Work that changes its thread's namespaces (unshare, setns) runs here: on a fresh platform thread
 * that ends with it, so the caller's threads never leave the host's namespaces (DESIGN.md, "Process
 * model"). The wait is not interruptible: the work is short, and giving up on it half-way would lose
 * what it made (a spawned stage 2, an open socket).
 */
public final class ThrowawayThread {
    private ThrowawayThread() {}

    /** Runs {@code work} on a new thread named {@code name} and returns its result or throws its exception. */
    @SuppressWarnings("unchecked")
    public static <T> T call(String name, Supplier<T> work) {
        Object[] result = {null};
        RuntimeException[] failure = {null};
        Thread t = Thread.ofPlatform().name(name).unstarted(() -> {
            try {
                result[0] = work.get();
            } catch (RuntimeException e) {
                failure[0] = e;
            }
        });
        t.start();
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        if (failure[0] != null) throw failure[0];
        return (T) result[0];
    }
}
