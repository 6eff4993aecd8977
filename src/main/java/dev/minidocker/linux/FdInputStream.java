package dev.minidocker.linux;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * An InputStream that owns a descriptor (closing the stream closes it): read(2) into one native
 * buffer per stream, then into the caller's array. Errors name the file it was opened as.
 */
public final class FdInputStream extends InputStream {
    private static final MemorySegment READ = Native.function("read");
    private static final int BUFFER = 1 << 18;

    private final int fd;
    private final String name;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment buffer = arena.allocate(BUFFER, 4096);
    private final MemorySegment errno = Native.errnoSegment(arena);
    private boolean closed;

    public FdInputStream(int fd, String name) {
        this.fd = fd;
        this.name = name;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (closed) throw new IOException("read `" + name + "`: stream closed");
        if (len == 0) return 0;
        int want = Math.min(len, BUFFER);
        while (true) {
            long n = Native.call(READ, errno, fd, buffer.address(), want);
            if (n > 0) {
                MemorySegment.copy(buffer, ValueLayout.JAVA_BYTE, 0, b, off, (int) n);
                return (int) n;
            }
            if (n == 0) return -1;
            int e = Native.errno(errno);
            if (e != Errno.EINTR) throw new IOException(new SyscallException("read `" + name + "`", e).getMessage());
        }
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        ProcessSyscalls.close(fd);
        arena.close();
    }
}
