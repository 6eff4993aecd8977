package dev.minidocker.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** setns(2) into the namespace a file names (/proc/PID/ns/TYPE, a bind of one), for the calling thread. */
public final class NamespaceFiles {
    private static final int O_RDONLY_CLOEXEC = 02000000;
    private static final MemorySegment OPEN = Native.function("open"), CLOSE = Native.function("close");

    private NamespaceFiles() {}

    /** Moves the calling thread (for pid: its future children) into the namespace at {@code path}, of type {@code nstype}. */
    public static void enter(String path, int nstype) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            int fd = (int) Native.call(OPEN, e, Native.cString(a, path), O_RDONLY_CLOEXEC);
            if (fd == -1) throw new SyscallException("open `" + path + "`", Native.errno(e));
            try {
                NamespaceSyscalls.setns(fd, nstype, path);
            } finally {
                Native.call(CLOSE, e, fd);
            }
        }
    }
}
