package dev.minidocker.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/** kill(2): sending signals to host processes (cgroup teardown, stop). */
public final class Signals {
    public static final int SIGKILL = 9;
    public static final int SIGTERM = 15;

    private static final MethodHandle KILL = Native.linkErrno("kill",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

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
            int rc = (int) KILL.invokeExact(errno, pid, signal);
            if (rc == 0) return true;
            int err = Native.errno(errno);
            if (err == Errno.ESRCH) return false;
            throw new SyscallException("kill `" + pid + "` with signal " + signal, err);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }
}
