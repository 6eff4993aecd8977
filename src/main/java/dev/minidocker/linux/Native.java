package dev.minidocker.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The FFM plumbing every binding in {@code linux/} shares: the linker, libc's symbols, and the
 * errno capture. A call that can fail is linked with {@link #linkErrno}; the caller allocates a
 * capture segment per call ({@link #errnoSegment}) so that concurrent calls never share one.
 */
public final class Native {
    public static final Linker LINKER = Linker.nativeLinker();
    public static final SymbolLookup LIBC = LINKER.defaultLookup();
    public static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE_LAYOUT.varHandle(
            java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));
    public static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    private static final MethodHandle STRERROR = link("strerror",
            FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));

    private Native() {}

    /** A downcall that cannot fail (or whose failure is not reported through errno). */
    public static MethodHandle link(String name, FunctionDescriptor fd, Linker.Option... options) {
        MemorySegment symbol = LIBC.find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no symbol " + name));
        return LINKER.downcallHandle(symbol, fd, options);
    }

    /** A downcall whose first argument is the errno capture segment. */
    public static MethodHandle linkErrno(String name, FunctionDescriptor fd) {
        return link(name, fd, CAPTURE_ERRNO);
    }

    public static MemorySegment errnoSegment(Arena arena) {
        return arena.allocate(CAPTURE_LAYOUT);
    }

    public static int errno(MemorySegment capture) {
        return (int) ERRNO.get(capture, 0L);
    }

    static String strerror(int errno) {
        try {
            MemorySegment s = (MemorySegment) STRERROR.invokeExact(errno);
            return s.reinterpret(1024).getString(0);
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }

    /** Wraps the checked Throwable of invokeExact; downcalls themselves never throw. */
    public static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }
}
