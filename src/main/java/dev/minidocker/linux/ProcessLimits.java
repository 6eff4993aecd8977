package dev.minidocker.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** What an OCI process asks before execve: resource limits and no_new_privs (calling thread/process). */
public final class ProcessLimits {
    private static final int PR_SET_NO_NEW_PRIVS = 38;
    /** Loaded on first call only: reading a config's rlimit names never starts FFM. */
    private static final class Calls {
        static final MemorySegment PRCTL = Native.function("prctl"), SETRLIMIT = Native.function("setrlimit");
    }
    /** RLIMIT_* numbers on Linux (x86_64 and arm64 agree). */
    private static final String[] NAMES = {"RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_DATA", "RLIMIT_STACK",
            "RLIMIT_CORE", "RLIMIT_RSS", "RLIMIT_NPROC", "RLIMIT_NOFILE", "RLIMIT_MEMLOCK", "RLIMIT_AS",
            "RLIMIT_LOCKS", "RLIMIT_SIGPENDING", "RLIMIT_MSGQUEUE", "RLIMIT_NICE", "RLIMIT_RTPRIO", "RLIMIT_RTTIME"};

    private ProcessLimits() {}

    /** The number of RLIMIT_NAME, or -1 if Linux has no such limit. */
    public static int resource(String name) {
        for (int i = 0; i < NAMES.length; i++) if (NAMES[i].equals(name)) return i;
        return -1;
    }

    /** setrlimit(2); -1 is RLIM_INFINITY. */
    public static void setrlimit(int resource, long soft, long hard) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            MemorySegment limit = a.allocate(JAVA_LONG, 2);
            limit.setAtIndex(JAVA_LONG, 0, soft);
            limit.setAtIndex(JAVA_LONG, 1, hard);
            if ((int) Native.call(Calls.SETRLIMIT, e, resource, limit.address()) == -1) {
                throw new SyscallException("setrlimit " + NAMES[resource] + " " + soft + ":" + hard, Native.errno(e));
            }
        }
    }

    /** prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0): execve never grants privileges (setuid bits, file caps). */
    public static void setNoNewPrivileges() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            if ((int) Native.call(Calls.PRCTL, e, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1) {
                throw new SyscallException("prctl PR_SET_NO_NEW_PRIVS", Native.errno(e));
            }
        }
    }
}
