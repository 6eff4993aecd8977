package dev.minidocker.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * setns(2) into a network namespace, for the calling thread only (namespaces are per thread).
 * Callers use throwaway threads: the rest of the JVM stays in the host's namespace.
 */
public final class NetNamespace {
    private static final int CLONE_NEWNET = NamespaceSyscalls.CLONE_NEWNET;
    private static final int O_RDONLY_CLOEXEC = 02000000;
    private static final MethodHandle OPEN = Native.linkErrno("open",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SETNS = Native.linkErrno("setns",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle CLOSE = Native.linkErrno("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    private NetNamespace() {}

    /** Moves the calling thread into the network namespace at {@code path} (/proc/PID/ns/net). */
    public static void enter(String path) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            int fd = (int) OPEN.invokeExact(e, a.allocateFrom(path), O_RDONLY_CLOEXEC);
            if (fd == -1) throw new SyscallException("open `" + path + "`", Native.errno(e));
            try {
                if ((int) SETNS.invokeExact(e, fd, CLONE_NEWNET) == -1) {
                    throw new SyscallException("setns `" + path + "`", Native.errno(e));
                }
            } finally {
                int ignored = (int) CLOSE.invokeExact(e, fd);
            }
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }
}
