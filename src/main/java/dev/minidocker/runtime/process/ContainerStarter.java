package dev.minidocker.runtime.process;

import dev.minidocker.runtime.spec.CgroupPlacement;
import dev.minidocker.runtime.spec.ContainerSpec;
import java.util.function.IntFunction;

/**
 * Starts stage 2 for a spec. {@code place} gets the child's host pid while the child still waits
 * and returns where in the cgroup tree stage 2 goes (it joins the container's cgroup for good right
 * before execve; see {@link CgroupPlacement}).
 */
public interface ContainerStarter {

    /** A started container's init process. */
    interface Started {
        long pid();

        /** Blocks until the process exits; its code, or 128+N for signal N. */
        int waitFor() throws InterruptedException;

        void signal(int signal);

        /** A container the launcher started, as a start's result. */
        static Started of(RunningContainer c) {
            return new Started() {
                @Override public long pid() { return c.pid(); }
                @Override public int waitFor() { return c.waitFor(); }
                @Override public void signal(int signal) { c.signal(signal); }
            };
        }
    }

    Started start(ContainerSpec spec, IntFunction<CgroupPlacement> place);

    /**
     * A hint, before the spec exists, of the container {@link #start} will get: a starter may
     * begin the slow part (stage 2's JVM start-up) now. Never throws; a mismatch or failure only
     * means start() starts from scratch.
     */
    default void prepare(boolean tty, boolean interactive, String network) {}

    /** Undoes {@link #prepare} if start() did not use what it made (a planning error, say). */
    default void discardPrepared() {}
}
