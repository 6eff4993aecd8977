package dev.minidocker.runtime;

import java.util.function.IntConsumer;

/**
 * Starts stage 2 for a spec. {@code beforeStart} gets the child's host pid while the child still
 * waits, so the caller can put it into the cgroup before anything of the container runs.
 */
public interface ContainerStarter {

    /** A started container's init process. */
    interface Started {
        long pid();

        /** Blocks until the process exits; its code, or 128+N for signal N. */
        int waitFor() throws InterruptedException;

        void signal(int signal);
    }

    Started start(ContainerSpec spec, IntConsumer beforeStart);

    /** The exit code a failed start stands for (127 not found, 126 not executable, else 125). */
    default int exitCodeOf(Throwable startFailure) {
        return 125;
    }
}
