package dev.minidocker.runtime.process;

import dev.minidocker.linux.FdIdentity;
import dev.minidocker.linux.Poll;
import dev.minidocker.linux.ProcessSyscalls;
import dev.minidocker.linux.SyscallException;

/**
 * The container's stdio as pipes this process owns, copied to and from the caller's descriptors,
 * as Docker and podman do: a container can reopen its 0/1/2 through /proc/PID/fd/N, and with the
 * caller's own descriptors that reopens the caller's file (O_TRUNC: its content gone) or terminal.
 * Through a pipe it reaches only the pipe. stdout and stderr share one pipe when the caller's are
 * the same file (a terminal, {@code 2>&1}), which keeps their order exactly as the container wrote
 * them; stdin is piped unless it is /dev/null (nothing to reach there). One platform thread per
 * pipe; the output threads end at the pipe's end of file, the input thread at the caller's end of
 * file or once nobody in the container can read its pipe any more. The relay copies to and from
 * duplicates of the caller's descriptors it closes itself, so a caller closing its own (the
 * daemon's copies of a client's) can never leave a thread writing into a reused fd number.
 */
final class StdioRelay {
    /**
     * How long output may still come after the process exited (from children that kept the pipe:
     * an exec's background job). Docker waits 2 s for an exec's streams too, then closes them.
     */
    private static final long DRAIN_MILLIS = 2_000;
    private static final int BUFFER = 16384;

    private final Stdio caller;
    private final int callerIn, callerOut, callerErr; // our duplicates (callerIn -1 when stdin is not piped)
    private final int[] out, err, in; // {read end, write end}; err == out when shared, in null when not piped
    private final int[] stop;         // written once the drain time is over: the output threads end
    private Thread outThread, errThread;
    private boolean finished;

    private StdioRelay(Stdio caller, int[] callerFds, int[] out, int[] err, int[] in, int[] stop) {
        this.caller = caller;
        this.callerIn = callerFds[0];
        this.callerOut = callerFds[1];
        this.callerErr = callerFds[2];
        this.out = out;
        this.err = err;
        this.in = in;
        this.stop = stop;
    }

    /** Pipes for {@code caller}'s descriptors (no copying yet: see {@link #start}). */
    static StdioRelay open(Stdio caller) {
        int[] out = null, err = null, in = null, stop = null, callerFds = {-1, -1, -1};
        try {
            out = ProcessSyscalls.pipe();
            boolean shared = FdIdentity.sameFile(caller.out(), caller.err());
            err = shared ? out : ProcessSyscalls.pipe();
            if (!FdIdentity.isDevNull(caller.in())) {
                in = ProcessSyscalls.pipe();
                callerFds[0] = ProcessSyscalls.dupAbove(caller.in(), 3);
            }
            callerFds[1] = ProcessSyscalls.dupAbove(caller.out(), 3);
            if (!shared) callerFds[2] = ProcessSyscalls.dupAbove(caller.err(), 3);
            stop = ProcessSyscalls.pipe();
            return new StdioRelay(caller, callerFds, out, err, in, stop);
        } catch (RuntimeException e) {
            closeBoth(out);
            if (err != out) closeBoth(err);
            closeBoth(in);
            closeBoth(stop);
            for (int fd : callerFds) ProcessSyscalls.close(fd);
            throw e;
        }
    }

    /** What the container gets instead of the caller's descriptors. */
    Stdio containerSide() {
        return new Stdio(in != null ? in[0] : caller.in(), out[1], err[1], caller.forwardSignals(), false);
    }

    /**
     * Once the container holds its ends (spawned with them, or sent them at the release): closes
     * ours, so that end of file means the container's side is gone, and starts copying.
     */
    void start() {
        ProcessSyscalls.close(out[1]);
        if (err != out) ProcessSyscalls.close(err[1]);
        outThread = Thread.ofPlatform().daemon().name("minidocker-stdout").start(new Output(out[0], callerOut, stop[0]));
        if (err != out) {
            errThread = Thread.ofPlatform().daemon().name("minidocker-stderr").start(new Output(err[0], callerErr, stop[0]));
        }
        if (in != null) {
            ProcessSyscalls.close(in[0]);
            Thread.ofPlatform().daemon().name("minidocker-stdin").start(new Input(callerIn, in[1]));
        }
    }

    /**
     * After the process exited: waits for its output to reach the caller (at once when it was the
     * container's PID 1: its end took every holder of the pipes with it), at most {@link
     * #DRAIN_MILLIS} for what others still hold, then stops copying. Also for a relay that never
     * started (the spawn or the release failed): closes everything. Only the first call acts.
     */
    synchronized void finish() {
        if (finished) return;
        finished = true;
        if (outThread == null) {
            closeBoth(out);
            if (err != out) closeBoth(err);
            closeBoth(in);
            closeBoth(stop);
            ProcessSyscalls.close(callerIn);
            ProcessSyscalls.close(callerOut);
            ProcessSyscalls.close(callerErr);
            return;
        }
        long deadline = System.nanoTime() + DRAIN_MILLIS * 1_000_000;
        boolean ended = joinUntil(outThread, deadline) & joinUntil(errThread, deadline);
        if (!ended) {
            byte[] one = {1};
            ProcessSyscalls.writeFully(stop[1], one, 0, 1);
            joinUntil(outThread, Long.MAX_VALUE);
            joinUntil(errThread, Long.MAX_VALUE);
        }
        closeBoth(stop);
    }

    /** Joins until {@code deadline} (System.nanoTime, Long.MAX_VALUE: no limit); whether the thread ended. */
    private static boolean joinUntil(Thread t, long deadline) {
        if (t == null) return true;
        try {
            if (deadline == Long.MAX_VALUE) {
                t.join();
            } else {
                long left = deadline - System.nanoTime();
                if (left > 0) t.join(java.time.Duration.ofNanos(left));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !t.isAlive();
    }

    private static void closeBoth(int[] pipe) {
        if (pipe == null) return;
        ProcessSyscalls.close(pipe[0]);
        ProcessSyscalls.close(pipe[1]);
    }

    /**
     * Copies a container pipe to a caller's descriptor until end of file or {@code stop}. If the
     * caller's side fails (its reader went away), the pipe is closed: the container's next write
     * gets EPIPE, as it would have writing there itself.
     */
    private record Output(int from, int to, int stop) implements Runnable {
        @Override
        public void run() {
            byte[] buf = new byte[BUFFER];
            int[] fds = {from, stop};
            try {
                while (true) {
                    short[] ready = Poll.poll(fds, -1);
                    if (ready[1] != 0) return; // stopped: the drain time is over
                    int n = ProcessSyscalls.read(from, buf, 0, buf.length);
                    if (n <= 0) return;
                    ProcessSyscalls.writeFully(to, buf, 0, n);
                }
            } catch (SyscallException e) {
                // the caller's descriptor failed: nothing more to copy to
            } finally {
                ProcessSyscalls.close(from);
                ProcessSyscalls.close(to);
            }
        }
    }

    /**
     * Copies the caller's input into the container's stdin pipe until the caller's end of file
     * (then the container reads it too) or until the pipe has no reader left (the container is
     * gone: no more of the caller's input is taken).
     */
    private record Input(int from, int to) implements Runnable {
        @Override
        public void run() {
            byte[] buf = new byte[BUFFER];
            int[] fds = {from, to};
            try {
                while (true) {
                    short[] ready = Poll.poll(fds, -1);
                    if (ready[1] != 0 || (ready[0] & Poll.POLLNVAL) != 0) return;
                    int n = ProcessSyscalls.read(from, buf, 0, buf.length);
                    if (n <= 0) return;
                    ProcessSyscalls.writeFully(to, buf, 0, n);
                }
            } catch (SyscallException e) {
                // EPIPE: the container's side closed; or the caller's input failed
            } finally {
                ProcessSyscalls.close(to);
                ProcessSyscalls.close(from);
            }
        }
    }
}
