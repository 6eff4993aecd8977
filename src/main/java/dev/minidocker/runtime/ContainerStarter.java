package dev.minidocker.runtime;

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
    }

    Started start(ContainerSpec spec, IntFunction<CgroupPlacement> place);

    /** The exit code a failed start stands for (127 not found, 126 not executable, else 125). */
    default int exitCodeOf(Throwable startFailure) {
        return 125;
    }
}
