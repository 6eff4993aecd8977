package dev.minidocker.runtime.supervisor;

import dev.minidocker.linux.Fifo;
import dev.minidocker.linux.ProcessSyscalls;
import java.nio.file.Path;

/**
 * The daemon's end of a detached container's stdin ({@code -i}, {@code OpenStdin}): a FIFO in the
 * container's directory whose writer the daemon holds from the first attach or start until the
 * container ends, so input sent before the start waits in the pipe and closing it (the client's
 * half-close) is the container's end of file. The descriptor is closed when the last writer is done
 * with it, never under a write in progress (no reuse of a closed number).
 */
public final class ContainerStdin {
    static final String FIFO = "stdin.fifo";
    private final Path fifo;
    private final int writer;
    private int writesInProgress;
    private boolean closed, fdClosed, readerOpened;

    private ContainerStdin(Path fifo, int writer) {
        this.fifo = fifo;
        this.writer = writer;
    }

    static ContainerStdin open(Path containerDir) {
        Path fifo = containerDir.resolve(FIFO);
        Fifo.create(fifo.toString());
        return new ContainerStdin(fifo, Fifo.openForContainer(fifo.toString()));
    }

    /**
     * A new O_RDONLY descriptor for the container (the launcher dups it onto its fd 0). Until it
     * exists the writer stays open even when the input was closed: a FIFO with no descriptor left
     * drops what it holds, and input sent before the start (echo hi | docker run -i) must wait.
     */
    synchronized int openForContainer() {
        int fd = Fifo.openStdinForContainer(fifo.toString());
        readerOpened = true;
        closeFdIfDone();
        return fd;
    }

    /** Closed and already given to a start: a new start (a restart) needs a new one. */
    synchronized boolean spent() {
        return closed && readerOpened;
    }

    /** Writes all of it; false once closed (the container ended or the input was closed). */
    public boolean write(byte[] b, int off, int len) {
        synchronized (this) {
            if (closed) return false;
            writesInProgress++;
        }
        try {
            ProcessSyscalls.writeFully(writer, b, off, len);
            return true;
        } finally {
            synchronized (this) {
                writesInProgress--;
                closeFdIfDone();
            }
        }
    }

    /** End of input: the container reads end of file once what was written is consumed. */
    public synchronized void close() {
        closed = true;
        closeFdIfDone();
    }

    /** Lets go of the descriptor whether or not a container opened its end (it ended, or the daemon stops). */
    synchronized void release() {
        closed = true;
        readerOpened = true;
        closeFdIfDone();
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    private void closeFdIfDone() {
        if (closed && readerOpened && writesInProgress == 0 && !fdClosed) {
            fdClosed = true;
            ProcessSyscalls.close(writer);
        }
    }
}
