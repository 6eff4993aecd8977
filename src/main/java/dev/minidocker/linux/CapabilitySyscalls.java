package dev.minidocker.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Credentials and capabilities. setgroups/setgid/setuid are glibc's wrappers, which apply the
 * change to every thread of the (multithreaded) JVM; prctl and capset act on the calling thread,
 * which is the thread that later calls execve.
 */
public final class CapabilitySyscalls {
    private static final int PR_SET_PDEATHSIG = 1, PR_SET_DUMPABLE = 4, PR_CAPBSET_DROP = 24,
            PR_SET_NO_NEW_PRIVS = 38;
    private static final int LINUX_CAPABILITY_VERSION_3 = 0x20080522;

    private static final MemorySegment PRCTL = Native.function("prctl"), SETGROUPS = Native.function("setgroups"),
            SETGID = Native.function("setgid"), SETUID = Native.function("setuid"),
            SETRLIMIT = Native.function("setrlimit");

    private CapabilitySyscalls() {}

    /**
     * prctl(PR_SET_DUMPABLE, 0) for the whole process: /proc/PID/exe, fd/, root, mem, ... of this
     * process and its threads then need CAP_SYS_PTRACE, which containers do not have, even for a
     * thread that has dropped to the container's capabilities. execve of the command resets it.
     */
    public static void setNotDumpable() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            if ((int) Native.call(PRCTL, e, PR_SET_DUMPABLE, 0) == -1) {
                throw new SyscallException("prctl PR_SET_DUMPABLE 0", Native.errno(e));
            }
        }
    }

    /**
     * prctl(PR_SET_PDEATHSIG, signal): the kernel sends {@code signal} when the thread that created
     * this process exits. Kept across execve, cleared when credentials change (so set again after
     * setuid) and for set-uid binaries.
     */
    public static void setParentDeathSignal(int signal) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            if ((int) Native.call(PRCTL, e, PR_SET_PDEATHSIG, signal) == -1) {
                throw new SyscallException("prctl PR_SET_PDEATHSIG " + signal, Native.errno(e));
            }
        }
    }

    /** prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) for the calling thread (inherited by what it execs). */
    public static void setNoNewPrivileges() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            if ((int) Native.call(PRCTL, e, PR_SET_NO_NEW_PRIVS, 1) == -1) {
                throw new SyscallException("prctl PR_SET_NO_NEW_PRIVS 1", Native.errno(e));
            }
        }
    }

    /** setrlimit(2) for the process; -1 (RLIM_INFINITY) is unlimited. */
    public static void setrlimit(int resource, long soft, long hard) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            MemorySegment limit = a.allocate(16, 8); // struct rlimit { rlim_t cur, max; }
            limit.set(java.lang.foreign.ValueLayout.JAVA_LONG, 0, soft);
            limit.set(java.lang.foreign.ValueLayout.JAVA_LONG, 8, hard);
            if ((int) Native.call(SETRLIMIT, e, resource, limit.address()) == -1) {
                throw new SyscallException("setrlimit " + resource + " " + soft + ":" + hard, Native.errno(e));
            }
        }
    }

    /** Removes {@code cap} from the calling thread's bounding set. */
    public static void dropFromBoundingSet(int cap) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            if ((int) Native.call(PRCTL, e, PR_CAPBSET_DROP, cap) == -1) {
                throw new SyscallException("prctl PR_CAPBSET_DROP " + cap, Native.errno(e));
            }
        }
    }

    /** capset(2) with the same 64-bit mask as permitted and effective, and no inheritable ones. */
    public static void setPermittedAndEffective(long mask) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment header = a.allocate(JAVA_INT, 2); // { version, pid = 0: this thread }
            header.setAtIndex(JAVA_INT, 0, LINUX_CAPABILITY_VERSION_3);
            MemorySegment data = a.allocate(JAVA_INT, 6);   // 2 x { effective, permitted, inheritable }
            for (int half = 0; half < 2; half++) {
                int bits = (int) (mask >>> (32 * half));
                data.setAtIndex(JAVA_INT, half * 3, bits);
                data.setAtIndex(JAVA_INT, half * 3 + 1, bits);
            }
            RawSyscall.call("capset", Arch.CURRENT.capset(), header.address(), data.address());
        }
    }

    public static void setgroups(int[] gids) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            MemorySegment list = a.allocate(JAVA_INT, Math.max(1, gids.length));
            for (int i = 0; i < gids.length; i++) list.setAtIndex(JAVA_INT, i, gids[i]);
            if ((int) Native.call(SETGROUPS, e, gids.length, list.address()) == -1) {
                throw new SyscallException("setgroups", Native.errno(e));
            }
        }
    }

    public static void setgid(int gid) {
        setId(SETGID, gid, "setgid ");
    }

    public static void setuid(int uid) {
        setId(SETUID, uid, "setuid ");
    }

    private static void setId(MemorySegment fn, int id, String what) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            if ((int) Native.call(fn, e, id) == -1) throw new SyscallException(what + id, Native.errno(e));
        }
    }
}
