package dev.minidocker.runtime.process;

import dev.minidocker.linux.ProcessSyscalls;
import dev.minidocker.linux.SyscallException;
import dev.minidocker.linux.TerminalSyscalls;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * -t: copies the caller's input to the pty master and the master's output to the caller, with the
 * caller's terminal in raw mode (restored on every exit path, including a JVM shutdown) and the
 * window size forwarded at start and on SIGWINCH.
 */
final class TtyRelay {
    private final int master;
    private final Stdio stdio;
    private final Thread output;
    private byte[] savedTermios;
    private Thread restoreHook;
    private SignalHandler previousWinch;
    private boolean released;

    private TtyRelay(int master, Stdio stdio) {
        this.master = master;
        this.stdio = stdio;
        this.output = Thread.ofPlatform().daemon().name("minidocker-tty-out").unstarted(
                () -> copy(master, stdio.out()));
    }

    static TtyRelay start(int master, Stdio stdio, boolean interactive) {
        var r = new TtyRelay(master, stdio);
        int terminal = TerminalSyscalls.isatty(stdio.in()) ? stdio.in() : stdio.out();
        TerminalSyscalls.copyWindowSize(terminal, master);
        try {
            r.previousWinch = Signal.handle(new Signal("WINCH"), s -> TerminalSyscalls.copyWindowSize(terminal, master));
        } catch (IllegalArgumentException ignored) {
            // no SIGWINCH handling possible: the size stays as it was at start
        }
        if (interactive && TerminalSyscalls.isatty(stdio.in())) {
            r.savedTermios = TerminalSyscalls.makeRaw(stdio.in());
            r.restoreHook = new Thread(r::restoreTerminal);
            Runtime.getRuntime().addShutdownHook(r.restoreHook);
        }
        r.output.start();
        if (interactive) Thread.ofPlatform().daemon().name("minidocker-tty-in").start(() -> copy(stdio.in(), master));
        return r;
    }

    /** The client's window size (the API's resize); false once the master is released. */
    synchronized boolean resize(int rows, int cols) {
        if (released) return false;
        TerminalSyscalls.setWindowSize(master, rows, cols);
        return true;
    }

    /** After the container exited: drain its output, restore the terminal, release the master. */
    void finish() {
        try {
            output.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        restoreTerminal();
        if (restoreHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(restoreHook);
            } catch (IllegalStateException ignored) {
                // already shutting down: the hook restores the terminal
            }
        }
        if (previousWinch != null) Signal.handle(new Signal("WINCH"), previousWinch);
        synchronized (this) {
            released = true;
            ProcessSyscalls.close(master);
        }
    }

    private synchronized void restoreTerminal() {
        if (savedTermios != null) {
            TerminalSyscalls.restore(stdio.in(), savedTermios);
            savedTermios = null;
        }
    }

    /** Copies until EOF or an error (EIO on the master once the container's side is closed). */
    private static void copy(int from, int to) {
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = ProcessSyscalls.read(from, buf, 0, buf.length)) > 0; ) {
                ProcessSyscalls.writeFully(to, buf, 0, n);
            }
        } catch (SyscallException e) {
            // EIO: the pty is gone; EBADF: the master was closed under us. Either way, done.
        }
    }
}
