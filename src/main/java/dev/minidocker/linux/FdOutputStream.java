package dev.minidocker.linux;

import java.io.OutputStream;

/** An OutputStream over a raw descriptor (write(2), unbuffered); close() leaves the descriptor open. */
public final class FdOutputStream extends OutputStream {
    private final int fd;

    public FdOutputStream(int fd) {
        this.fd = fd;
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ProcessSyscalls.writeFully(fd, b, off, len);
    }
}
