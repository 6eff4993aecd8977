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

    /**
     * The one downcall shape the calls on {@code run}'s path share: {@code long f(long x 6)} with
     * errno capture, the target function as a parameter. Every distinct FunctionDescriptor costs
     * the JVM a generated stub plus dozens of LambdaForm classes, on every start (the AOT cache
     * cannot keep them): ~20 shapes made FFM linking most of stage 2's start-up. Through this
     * shape pointers go as their address and ints as longs (the callee reads the low 32 bits, on
     * x86_64 and aarch64 alike), unused trailing arguments are ignored by the callee, and an int
     * result is the low 32 bits of the returned long. Variadic functions are fine too: on both
     * ABIs their arguments travel in the same registers, and x86_64's %al only bounds how many
     * vector registers the callee saves.
     */
    private static final MethodHandle CALL = LINKER.downcallHandle(FunctionDescriptor.of(ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG), CAPTURE_ERRNO);

    private static final MemorySegment STRERROR = function("strerror");

    private Native() {}

    /** A libc function for {@link #call}. */
    public static MemorySegment function(String name) {
        return LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no symbol " + name));
    }

    /** Calls {@code fn} through the shared shape; {@code errno} receives errno (see {@link #errnoSegment}). */
    public static long call(MemorySegment fn, MemorySegment errno, long a, long b, long c, long d, long e, long f) {
        try {
            return (long) CALL.invokeExact(fn, errno, a, b, c, d, e, f);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static long call(MemorySegment fn, MemorySegment errno) {
        return call(fn, errno, 0, 0, 0, 0, 0, 0);
    }

    public static long call(MemorySegment fn, MemorySegment errno, long a) {
        return call(fn, errno, a, 0, 0, 0, 0, 0);
    }

    public static long call(MemorySegment fn, MemorySegment errno, long a, long b) {
        return call(fn, errno, a, b, 0, 0, 0, 0);
    }

    public static long call(MemorySegment fn, MemorySegment errno, long a, long b, long c) {
        return call(fn, errno, a, b, c, 0, 0, 0);
    }

    public static long call(MemorySegment fn, MemorySegment errno, long a, long b, long c, long d) {
        return call(fn, errno, a, b, c, d, 0, 0);
    }

    public static long call(MemorySegment fn, MemorySegment errno, long a, long b, long c, long d, long e) {
        return call(fn, errno, a, b, c, d, e, 0);
    }

    /** A C string in {@code a}, as an address for {@link #call}; null becomes NULL. */
    public static long cString(Arena a, String s) {
        return s == null ? 0 : a.allocateFrom(s).address();
    }

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
        try (Arena a = Arena.ofConfined()) {
            long s = call(STRERROR, errnoSegment(a), errno);
            return s == 0 ? "errno " + errno : MemorySegment.ofAddress(s).reinterpret(1024).getString(0);
        } catch (RuntimeException e) {
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
