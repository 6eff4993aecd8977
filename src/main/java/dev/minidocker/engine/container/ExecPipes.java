package dev.minidocker.engine.container;

import dev.minidocker.linux.FileFlags;
import dev.minidocker.linux.LinuxFileSyscalls;
import dev.minidocker.linux.ProcessSyscalls;
import java.io.IOException;
import java.io.InputStream;

/**
 * The pipes between an exec'd process and the daemon: its stdout and stderr (pumped into a
 * {@link Sink}: the Engine API frames them onto the client's connection) and optionally its stdin
 * (fed from the connection; the client's half-close becomes end of file). Without stdin it reads
 * /dev/null.
 */
public final class ExecPipes {
    /** Where the output goes: {@code stream} 1 is stdout, 2 stderr. An IOException means the reader left. */
    public interface Sink {
        void write(int stream, byte[] b, int off, int len) throws IOException;
    }

    public static final int STDOUT = 1, STDERR = 2;

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

    public static ExecPipes open(boolean withStdin) {
        int[] out = ProcessSyscalls.pipe();
        int[] err = ProcessSyscalls.pipe();
        return withStdin ? new ExecPipes(out, err, ProcessSyscalls.pipe(), -1)
                : new ExecPipes(out, err, null,
                new LinuxFileSyscalls().open("/dev/null", FileFlags.O_RDONLY | FileFlags.O_CLOEXEC, 0));
    }

    public int childIn() {
        return in != null ? in[0] : devNull;
    }

    public int childOut() {
        return out[1];
    }

    public int childErr() {
        return err[1];
    }

    public int stdinWriter() {
        return in != null ? in[1] : -1;
    }

    /** After the spawn: only the child holds its ends now, so our reads see EOF when it is done. */
    public synchronized void closeChildEnds() {
        if (childEndsClosed) return;
        childEndsClosed = true;
        ProcessSyscalls.close(out[1]);
        ProcessSyscalls.close(err[1]);
        if (in != null) ProcessSyscalls.close(in[0]);
        if (devNull >= 0) ProcessSyscalls.close(devNull);
    }

    /** Copies the client's input into the process's stdin on a thread of its own, closing it at the client's EOF. */
    public void feedStdin(InputStream client) {
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
    public void pumpOutput(Sink to) {
        Thread errPump = Thread.ofPlatform().daemon().name("exec-stderr").start(() -> pump(err[0], to, STDERR));
        pump(out[0], to, STDOUT);
        try {
            errPump.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void pump(int fd, Sink to, int stream) {
        byte[] buf = new byte[8192];
        boolean clientGone = to == null;
        for (int n; (n = ProcessSyscalls.read(fd, buf, 0, buf.length)) > 0; ) {
            if (clientGone) continue; // keep draining so the process never blocks on a full pipe
            try {
                to.write(stream, buf, 0, n);
            } catch (IOException e) {
                clientGone = true;
            }
        }
    }

    public synchronized void close() {
        closeChildEnds();
        closeStdinWriter();
        ProcessSyscalls.close(out[0]);
        ProcessSyscalls.close(err[0]);
    }
}
