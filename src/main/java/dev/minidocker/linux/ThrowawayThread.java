package dev.minidocker.linux;

import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
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
        join(t);
        if (failure[0] != null) throw failure[0];
        return (T) result[0];
    }

    /** Waits for {@code t} to end, not interruptibly (an interrupt is kept for the caller). */
    public static void join(Thread t) {
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
    }

    /**
     * As {@link #call}, but the thread stays (parked in {@code stay}, a daemon thread) after it has
     * handed its result over, until {@code stay} returns. For a child whose parent-death signal must
     * not fire when the spawning thread ends: the kernel sends it when that THREAD exits.
     */
    @SuppressWarnings("unchecked")
    public static <T> T callAndStay(String name, Supplier<T> work, Consumer<T> stay) {
        Object[] result = {null};
        RuntimeException[] failure = {null};
        CountDownLatch done = new CountDownLatch(1);
        Thread t = Thread.ofPlatform().name(name).daemon().unstarted(new Runnable() {
            @Override
            public void run() {
                T value;
                try {
                    value = work.get();
                    result[0] = value;
                } catch (RuntimeException e) {
                    failure[0] = e;
                    return;
                } finally {
                    done.countDown();
                }
                stay.accept(value);
            }
        });
        t.start();
        boolean interrupted = false;
        while (true) {
            try {
                done.await();
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
