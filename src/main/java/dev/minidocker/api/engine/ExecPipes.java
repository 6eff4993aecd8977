package dev.minidocker.api.engine;

import dev.minidocker.api.StreamFrames;
import dev.minidocker.linux.ProcessSyscalls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The pipes between an exec'd process and the daemon: its stdout and stderr (pumped into the
 * client's connection as frames, or raw for a TTY) and optionally its stdin (fed from the
 * connection; the client's half-close becomes end of file). Without stdin it reads /dev/null.
 */
final class ExecPipes {
    private final int[] out;
    private final int[] err;
    private final int[] in; // null: /dev/null
    private final int devNull;
    private boolean childEndsClosed;

    private ExecPipes(int[] out, int[] err, int[] in, int devNull) {
        this.out = out;
        this.err = err;
        this.in = in;
        this.devNull = devNull;
    }

    static ExecPipes open(boolean withStdin) {
        int[] out = ProcessSyscalls.pipe();
        int[] err = ProcessSyscalls.pipe();
        return withStdin ? new ExecPipes(out, err, ProcessSyscalls.pipe(), -1)
                : new ExecPipes(out, err, null, ExecEndpoints.devNull());
    }

    int childIn() {
        return in != null ? in[0] : devNull;
    }

    int childOut() {
        return out[1];
    }

    int childErr() {
        return err[1];
    }

    int stdinWriter() {
        return in != null ? in[1] : -1;
    }

    /** After the spawn: only the child holds its ends now, so our reads see EOF when it is done. */
    synchronized void closeChildEnds() {
        if (childEndsClosed) return;
        childEndsClosed = true;
        ProcessSyscalls.close(out[1]);
        ProcessSyscalls.close(err[1]);
        if (in != null) ProcessSyscalls.close(in[0]);
        if (devNull >= 0) ProcessSyscalls.close(devNull);
    }

    /** Copies the client's input into the process's stdin on a thread of its own, closing it at the client's EOF. */
    void feedStdin(InputStream client) {
        Thread.ofPlatform().daemon().name("exec-stdin").start(() -> {
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = client.read(buf)) > 0; ) ProcessSyscalls.writeFully(in[1], buf, 0, n);
            } catch (IOException | RuntimeException e) {
                // the client or the process went away
            } finally {
                closeStdinWriter();
            }
        });
    }

    private synchronized void closeStdinWriter() {
        if (in != null && in[1] >= 0) {
            ProcessSyscalls.close(in[1]);
            in[1] = -1;
        }
    }

    /** Copies stdout and stderr (stderr on a second thread) until both end; {@code to} null discards. */
    void pumpOutput(OutputStream to, boolean tty) {
        StreamFrames frames = to == null ? null : new StreamFrames(to);
        Thread errPump = Thread.ofPlatform().daemon().name("exec-stderr")
                .start(() -> pump(err[0], frames, to, tty, StreamFrames.STDERR));
        pump(out[0], frames, to, tty, StreamFrames.STDOUT);
        try {
            errPump.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void pump(int fd, StreamFrames frames, OutputStream raw, boolean tty, int stream) {
        byte[] buf = new byte[8192];
        boolean clientGone = frames == null;
        for (int n; (n = ProcessSyscalls.read(fd, buf, 0, buf.length)) > 0; ) {
            if (clientGone) continue; // keep draining so the process never blocks on a full pipe
            try {
                if (tty) {
                    synchronized (frames) {
                        raw.write(buf, 0, n);
                        raw.flush();
                    }
                } else {
                    frames.write(stream, buf, 0, n);
                }
            } catch (IOException e) {
                clientGone = true;
            }
        }
    }

    synchronized void close() {
        closeChildEnds();
        closeStdinWriter();
        ProcessSyscalls.close(out[0]);
        ProcessSyscalls.close(err[0]);
    }
}
