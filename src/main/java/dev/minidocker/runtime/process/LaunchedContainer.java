package dev.minidocker.runtime.process;

import dev.minidocker.linux.SignalForwarder;
import dev.minidocker.linux.ProcessSyscalls;
import dev.minidocker.runtime.spec.ContainerSpec;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A started container: a dedicated platform thread blocks in waitpid and completes the exit
 * status; signals this JVM receives are forwarded while it runs (foreground, no tty); with a tty
 * a relay copies between the pty master and the caller's fds, without one a {@link StdioRelay}
 * may copy its pipes. The exit status is returned once the output has reached the caller.
 */
final class LaunchedContainer implements RunningContainer {
    private final int pid;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final AtomicBoolean finishing = new AtomicBoolean();
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private final SignalForwarder forwarder;
    private final TtyRelay relay;
    private final StdioRelay pipes;

    LaunchedContainer(int pid, ContainerSpec spec, Stdio stdio, int ptyMaster, StdioRelay pipes) {
        this.pid = pid;
        this.pipes = pipes;
        this.relay = ptyMaster >= 0 ? TtyRelay.start(ptyMaster, stdio, spec.interactive()) : null;
        this.forwarder = stdio.forwardSignals() && ptyMaster < 0 ? SignalForwarder.install(this::signal) : null;
        Thread.ofPlatform().daemon().name("minidocker-wait-" + pid).start(() -> {
            try {
                exit.complete(ProcessSyscalls.exitCode(ProcessSyscalls.waitpid(pid)));
            } catch (Throwable t) {
                exit.completeExceptionally(t);
            }
        });
    }

    @Override
    public boolean resize(int rows, int cols) {
        return relay != null && relay.resize(rows, cols);
    }

    @Override
    public int pid() {
        return pid;
    }

    /** The first caller drains the relays and releases them; any other waits for that, then returns too. */
    @Override
    public int waitFor() {
        int code = exit.join();
        if (finishing.compareAndSet(false, true)) {
            try {
                if (forwarder != null) forwarder.uninstall();
                if (relay != null) relay.finish();
                if (pipes != null) pipes.finish();
            } finally {
                finished.complete(null);
            }
        }
        finished.join();
        return code;
    }

    @Override
    public void signal(int signo) {
        if (!exit.isDone()) ProcessSyscalls.kill(pid, signo);
    }
}
