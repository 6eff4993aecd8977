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

    /** Blocks until it exits: its exit code, or 128+N if signal N killed it. */
    public int waitFor() {
        return process.waitFor();
    }
}
