package dev.minidocker.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * setns(2) into a network namespace, for the calling thread only (namespaces are per thread).
 * Callers use throwaway threads: the rest of the JVM stays in the host's namespace.
 */
public final class NetNamespace {
    private static final int O_RDONLY_CLOEXEC = 02000000;
    private static final MemorySegment OPEN = Native.function("open"), CLOSE = Native.function("close");

    private NetNamespace() {}

    /** Moves the calling thread into the network namespace at {@code path} (/proc/PID/ns/net). */
    public static void enter(String path) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            int fd = (int) Native.call(OPEN, e, Native.cString(a, path), O_RDONLY_CLOEXEC);
            if (fd == -1) throw new SyscallException("open `" + path + "`", Native.errno(e));
            try {
                NamespaceSyscalls.setns(fd, NamespaceSyscalls.CLONE_NEWNET, path);
            } finally {
                Native.call(CLOSE, e, fd);
            }
        }
    }
}
