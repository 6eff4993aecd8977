package dev.minidocker.runtime.process;

/** A container whose command has been exec'd: its PID 1 as seen from the host. */
public interface RunningContainer {
    /** Host pid of the container's PID 1. */
    int pid();

    /** Blocks until PID 1 exits: its exit code, or 128+N if signal N killed it. Safe to call twice. */
    int waitFor();

    /** Sets its terminal's size (-t); false when it has no terminal here. */
    default boolean resize(int rows, int cols) {
        return false;
    }

    /** Sends {@code signo} to PID 1 (no-op once it has exited). */
    void signal(int signo);
}
