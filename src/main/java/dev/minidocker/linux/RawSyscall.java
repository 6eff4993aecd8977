package dev.minidocker.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * syscall(2) for calls without a usable glibc wrapper. Every argument is passed as a long (pointers
 * as their address), so there is one downcall shape per arity.
 */
final class RawSyscall {
    private RawSyscall() {}

    // Linked eagerly: stage 2 uses all three, the last one after pivot_root.
    private static final MethodHandle TWO = link(2), THREE = link(3), FOUR = link(4);

    private static MethodHandle link(int args) {
        var params = new java.lang.foreign.MemoryLayout[args + 1];
        java.util.Arrays.fill(params, JAVA_LONG);
        return Native.link("syscall", FunctionDescriptor.of(JAVA_LONG, params),
                Native.CAPTURE_ERRNO, Linker.Option.firstVariadicArg(1));
    }

    /** Returns the result, or throws SyscallException naming {@code what}. */
    static long call(String what, long nr, long... a) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = Native.errnoSegment(arena);
            long rc = switch (a.length) {
                case 2 -> (long) TWO.invokeExact(errno, nr, a[0], a[1]);
                case 3 -> (long) THREE.invokeExact(errno, nr, a[0], a[1], a[2]);
                case 4 -> (long) FOUR.invokeExact(errno, nr, a[0], a[1], a[2], a[3]);
                default -> throw new IllegalArgumentException("arity " + a.length);
            };
            if (rc == -1) throw new SyscallException(what, Native.errno(errno));
            return rc;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }
}
