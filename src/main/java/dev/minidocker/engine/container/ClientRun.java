package dev.minidocker.engine.container;

import dev.minidocker.MiniDockerException;
import dev.minidocker.engine.ExitStatus;
import dev.minidocker.engine.image.ImageResolver;
import dev.minidocker.linux.Errno;
import dev.minidocker.linux.FdOutputStream;
import dev.minidocker.linux.FileFlags;
import dev.minidocker.linux.PidFd;
import dev.minidocker.linux.ProcessSyscalls;
import dev.minidocker.linux.SyscallException;
import dev.minidocker.runtime.process.PooledStage2Source;
import java.io.PrintStream;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A foreground run the daemon does for a client ({@code POST /minidocker/runs}): the client's typed
 * request, run with the client's own stdio (taken by pid with pidfd_getfd, so the container writes
 * straight to the client's terminal, pipe or file) and its environment, by the same code as an
 * in-process run, with a warm stage 2 when one fits. The client's signals and its going away reach
 * the container through {@link #signal} and {@link #cancel}, from another thread.
 */
public final class ClientRun implements AutoCloseable {
    /** How the run ended: {@code error == null}: the container's exit code; else mini-docker's failure. */
    public record Outcome(int code, String error) {}

    /** The client's process is gone before its run began. */
    public static final class ClientGoneException extends MiniDockerException {
        ClientGoneException(long pid) {
            super("no process " + pid + ": the client is gone");
        }
    }

    private final ContainerRuns runs;
    private final ImageResolver images;
    private final PooledStage2Source stage2;
    private final int[] stdio;

    ClientRun(ContainerRuns runs, ImageResolver images, PooledStage2Source stage2, int[] stdio) {
        this.runs = runs;
        this.images = images;
        this.stage2 = stage2;
        this.stdio = stdio;
    }

    /** Runs to the container's end; pull progress goes to the client's stderr. */
    public Outcome run(RunRequest request, Map<String, String> callerEnv) {
        try {
            if (request.detach()) throw new MiniDockerException("a detached run (-d) does not go through the client run");
            if (request.tty()) throw new MiniDockerException("a run with -t does not go through the client run");
            PrintStream progress = new PrintStream(new FdOutputStream(stdio[2]), true);
            return new Outcome(runs.run(request, images, stage2, callerEnv, progress), null);
        } catch (RuntimeException | Error e) {
            if (!(e instanceof MiniDockerException)) {
                System.err.println("mini-docker daemon: run for a client failed:");
                e.printStackTrace();
            }
            return new Outcome(ExitStatus.of(e), ExitStatus.oneLine(e));
        }
    }

    /** Forwards a signal the client got to the container's PID 1, held until PID 1 is known. */
    public void signal(int signal) {
        stage2.signal(signal);
    }

    /** The client went away: the container is killed and cleaned up as any failed run. */
    public void cancel() {
        stage2.cancel();
    }

    /** Closes this daemon's copies of the client's stdio. */
    @Override
    public void close() {
        for (int fd : stdio) ProcessSyscalls.close(fd);
    }

    /**
     * The client's 0, 1, 2 (a closed one: /dev/null), as close-on-exec copies owned by the caller;
     * only of a process the connected user may hand over ({@link ClientPeer}).
     */
    static int[] takeStdio(long pid, java.nio.file.attribute.UserPrincipal peer) {
        OptionalInt pidfd = PidFd.open(pid, 0);
        if (pidfd.isEmpty()) throw new ClientGoneException(pid);
        int[] fds = {-1, -1, -1};
        try {
            // Checked with the pidfd open: if the process is still alive after the check, the check saw it, not a reuse of its pid.
            ClientPeer.check(pid, peer);
            if (!PidFd.signal(pidfd.getAsInt(), 0)) throw new ClientGoneException(pid);
            for (int i = 0; i < 3; i++) {
                try {
                    fds[i] = PidFd.getFd(pidfd.getAsInt(), i);
                } catch (SyscallException e) {
                    if (e.errno() != Errno.EBADF) throw e;
                    fds[i] = ProcessSyscalls.open("/dev/null", FileFlags.O_RDWR | ProcessSyscalls.O_CLOEXEC);
                }
            }
            return fds;
        } catch (RuntimeException e) {
            for (int fd : fds) ProcessSyscalls.close(fd);
            throw e;
        } finally {
            ProcessSyscalls.close(pidfd.getAsInt());
        }
    }
}
