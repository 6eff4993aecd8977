package dev.minidocker.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * poll(2) for readability on a few descriptors (log FIFOs, pidfds, the stdio relay's pipes), through
 * Native.call's shared shape: the relay polls on every foreground run's path.
 */
public final class Poll {
    public static final short POLLIN = 0x1, POLLERR = 0x8, POLLHUP = 0x10, POLLNVAL = 0x20;
    private static final MemorySegment POLL = Native.function("poll");

    private Poll() {}

    /**
     * Waits until one of {@code fds} is readable, hung up or in error, or {@code timeoutMillis}
     * passed (-1: no timeout); EINTR is retried. Returns the revents of each fd (all 0 on timeout).
     */
    public static short[] poll(int[] fds, int timeoutMillis) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            MemorySegment set = a.allocate(8L * fds.length, 8);
            for (int i = 0; i < fds.length; i++) {
                set.set(JAVA_INT, 8L * i, fds[i]);
                set.set(JAVA_SHORT, 8L * i + 4, POLLIN);
            }
            while (true) {
                int rc = (int) Native.call(POLL, e, set.address(), fds.length, timeoutMillis);
                if (rc >= 0) break;
                if (Native.errno(e) != Errno.EINTR) throw new SyscallException("poll", Native.errno(e));
            }
            short[] revents = new short[fds.length];
            for (int i = 0; i < fds.length; i++) revents[i] = set.get(JAVA_SHORT, 8L * i + 6);
            return revents;
        }
    }
}
