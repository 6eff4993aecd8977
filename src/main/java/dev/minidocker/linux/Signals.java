package dev.minidocker.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** kill(2): sending signals to host processes (cgroup teardown, stop). */
public final class Signals {
    public static final int SIGKILL = 9;
    public static final int SIGTERM = 15;

    private static final MemorySegment KILL = Native.function("kill");

    private Signals() {}

    /**
     * Sends {@code signal} to {@code pid}. Returns false when the process no longer exists (ESRCH),
     * which callers racing with an exiting process treat as done; any other failure throws.
     */
    public static boolean kill(int pid, int signal) {
        if (pid <= 0) {
            // kill(0|-n, ...) would signal whole process groups, never what a caller means here.
            throw new IllegalArgumentException("refusing to kill pid " + pid);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = Native.errnoSegment(arena);
            int rc = (int) Native.call(KILL, errno, pid, signal);
            if (rc == 0) return true;
            int err = Native.errno(errno);
            if (err == Errno.ESRCH) return false;
            throw new SyscallException("kill `" + pid + "` with signal " + signal, err);
        }
    }
}
