package dev.minidocker.runtime.supervisor;

import dev.minidocker.linux.Fifo;
import dev.minidocker.linux.Poll;
import dev.minidocker.linux.ProcessSyscalls;
import dev.minidocker.runtime.container.LiveContainer;
import dev.minidocker.runtime.process.RunningContainer;
import java.util.function.Consumer;

/**
 * Watches one detached container on one small platform thread: copies its stdout and stderr FIFOs
 * into the json-file log and notices its end (both FIFOs hung up: every process of its PID
 * namespace is gone; or its pidfd fired, then the FIFOs get a short grace period). A command that
 * ends before its monitor exists (echo on a busy machine) has no pidfd to open: the monitor starts
 * with its exit seen. Once the exit is seen it calls {@code onExitSeen}: the daemon's pty relay of a
 * -t container holds the FIFOs' writing ends and lets them go then, so that their end of file comes.
 * The exit code comes from waitpid for a container this supervisor started, and is unknown for one
 * it adopted; the supervisor then tears it down (ContainerTeardown).
 * A byte on the supervisor's wake pipe makes it let go without recording anything (shutdown).
 */
final class ContainerMonitor {
    private static final long DRAIN_AFTER_EXIT_MILLIS = 2000;
    private static final long STACK_SIZE = 256 * 1024;

    /** How it ended: the exit code, or null when it could not be known (not our child). */
    record Outcome(LiveContainer container, Integer exitCode) {}

    private final String id;
    private final LiveContainer container;
    private final int pidfd;
    private final int[] fifos;
    private final int wakeFd;
    private final LogWriter log;
    private final boolean endedBeforeWatch;
    private final Runnable onExitSeen;
    private volatile Thread thread;

    /**
     * @param container what the container holds; its init is ours (exit code via waitpid) when this
     *                  supervisor started it, else unknown
     * @param pidfd     its init's pidfd, or -1
     * @param fifos     non-blocking readers of its stdout and stderr FIFOs; owned (closed) by the monitor
     * @param endedBeforeWatch its init had ended already when the monitor was made (no pidfd)
     * @param onExitSeen runs once on the monitor's thread when the init's end is seen; must not block
     */
    ContainerMonitor(LiveContainer container, int pidfd, int[] fifos, int wakeFd, LogWriter log,
                     boolean endedBeforeWatch, Runnable onExitSeen) {
        this.endedBeforeWatch = endedBeforeWatch;
        this.onExitSeen = onExitSeen;
        this.id = container.id();
        this.container = container;
        this.pidfd = pidfd;
        this.fifos = fifos;
        this.wakeFd = wakeFd;
        this.log = log;
    }

    /** Starts the thread; {@code ended} runs on it when the container is gone (not on shutdown). */
    void start(Consumer<Outcome> ended) {
        thread = Thread.ofPlatform().daemon().name("minidocker-monitor-" + id.substring(0, 12)).stackSize(STACK_SIZE)
                .start(() -> {
                    Outcome outcome = null;
                    try {
                        if (pump()) outcome = finish();
                    } finally {
                        log.close();
                        for (int fd : fifos) ProcessSyscalls.close(fd);
                        ProcessSyscalls.close(pidfd);
                    }
                    if (outcome != null) ended.accept(outcome);
                });
    }

    /** Waits (bounded) until the thread has ended, e.g. after the supervisor's wake byte. */
    void join(long millis) {
        Thread t = thread;
        if (t == null) return;
        try {
            t.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Copies output until the container is gone (true) or the supervisor shuts down (false). */
    private boolean pump() {
        boolean[] eof = new boolean[fifos.length];
        byte[] buf = new byte[8192];
        long exitSeen = -1;
        if (endedBeforeWatch) {
            exitSeen = System.nanoTime();
            onExitSeen.run();
        }
        while (true) {
            int[] fds = new int[2 + fifos.length];
            int n = 0;
            fds[n++] = wakeFd;
            boolean watchPid = pidfd >= 0 && exitSeen < 0;
            if (watchPid) fds[n++] = pidfd;
            int firstFifo = n;
            for (int i = 0; i < fifos.length; i++) if (!eof[i]) fds[n++] = fifos[i];
            int[] set = java.util.Arrays.copyOf(fds, n);
            short[] revents = Poll.poll(set, exitSeen < 0 ? -1 : 100);
            if (revents[0] != 0) return false;
            if (watchPid && revents[1] != 0) {
                exitSeen = System.nanoTime();
                onExitSeen.run();
            }
            for (int k = firstFifo, i = 0; i < fifos.length; i++) {
                if (eof[i]) continue;
                if (revents[k++] != 0) eof[i] = drain(i, buf);
            }
            if (fifos.length == 0) { // a client's foreground run adopted after a daemon restart: no log, only its end
                if (exitSeen >= 0) return true;
                continue;
            }
            boolean allEof = true;
            for (boolean e : eof) allEof &= e;
            if (allEof) return true;
            if (exitSeen >= 0 && (System.nanoTime() - exitSeen) / 1_000_000 > DRAIN_AFTER_EXIT_MILLIS) {
                for (int i = 0; i < fifos.length; i++) if (!eof[i]) drain(i, buf);
                return true;
            }
        }
    }

    /** Reads what is there; true at end of file. */
    private boolean drain(int stream, byte[] buf) {
        while (true) {
            int n = Fifo.read(fifos[stream], buf);
            if (n == 0) return true;
            if (n == Fifo.WOULD_BLOCK) return false;
            log.append(stream, buf, n);
        }
    }

    /** The end, for the supervisor's teardown (which reads OOM and releases the cgroup). */
    private Outcome finish() {
        log.flushPartial();
        RunningContainer child = container.init();
        Integer code = null;
        if (child != null) {
            code = child.waitFor();
            container.reaped();
        }
        return new Outcome(container, code);
    }
}
