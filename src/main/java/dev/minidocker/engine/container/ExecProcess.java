package dev.minidocker.engine.container;

import dev.minidocker.runtime.process.RunningContainer;

/** A process started by {@code exec}, owned by the caller. */
public final class ExecProcess {
    private final RunningContainer process;

    ExecProcess(RunningContainer process) {
        this.process = process;
    }

    public long pid() {
        return process.pid();
    }

    /** The API's resize of its terminal; false when it has none. */
    public boolean resize(int rows, int cols) {
        return process.resize(rows, cols);
    }

    /** Blocks until it exits: its exit code, or 128+N if signal N killed it. */
    public int waitFor() {
        return process.waitFor();
    }
}
