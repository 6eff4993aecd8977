package dev.minidocker.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * syscall(2) for calls without a usable glibc wrapper, through the shared shape of Native.call
 * (at most 4 arguments after the number: glibc takes a 6th from the stack).
 */
final class RawSyscall {
    private RawSyscall() {}

    private static final MemorySegment SYSCALL = Native.function("syscall");

    /** Returns the result, or throws SyscallException naming {@code what}. */
    static long call(String what, long nr, long... a) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = Native.errnoSegment(arena);
            long rc = switch (a.length) {
                case 2 -> Native.call(SYSCALL, errno, nr, a[0], a[1]);
                case 3 -> Native.call(SYSCALL, errno, nr, a[0], a[1], a[2]);
                case 4 -> Native.call(SYSCALL, errno, nr, a[0], a[1], a[2], a[3]);
                default -> throw new IllegalArgumentException("arity " + a.length);
            };
            if (rc == -1) throw new SyscallException(what, Native.errno(errno));
            return rc;
        }
    }
}
