package dev.minidocker.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.List;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * posix_spawn(3): the only way mini-docker creates a process. glibc's child side is C (clone with
 * CLONE_VM|CLONE_VFORK, then execve), so no Java code ever runs in a forked JVM. The child gets
 * its descriptors placed by dup2 file actions, default signal dispositions and an empty mask.
 */
public final class PosixSpawn {
    private static final short POSIX_SPAWN_SETSIGDEF = 0x04, POSIX_SPAWN_SETSIGMASK = 0x08,
            POSIX_SPAWN_SETSID = 0x80;
    private static final long OPAQUE_SIZE = 512; // > sizeof(posix_spawnattr_t) and file_actions_t
    private static final int[] DEFAULTED_SIGNALS = {1, 2, 3, 10, 12, 13, 15, 17, 20, 21, 22, 28};

    private static final MethodHandle SPAWN = Native.link("posix_spawn", FunctionDescriptor.of(
            JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle INIT = Native.link("posix_spawn_file_actions_init",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle DESTROY = Native.link("posix_spawn_file_actions_destroy",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle ADD_DUP2 = Native.link("posix_spawn_file_actions_adddup2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle ATTR_INIT = Native.link("posix_spawnattr_init",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle ATTR_FLAGS = Native.link("posix_spawnattr_setflags",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_SHORT));
    private static final MethodHandle ATTR_SIGDEF = Native.link("posix_spawnattr_setsigdefault",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle ATTR_SIGMASK = Native.link("posix_spawnattr_setsigmask",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));

    private PosixSpawn() {}

    /**
     * Spawns {@code path}. {@code fdMap[i]} becomes descriptor {@code i} in the child (-1: leave
     * closed-on-exec/unchanged). Sources must not collide with targets; see {@link ProcessSyscalls#dupAbove}.
     *
     * @param newSession also setsid() in the child (for a controlling terminal)
     * @return the child's pid
     */
    public static int spawn(String path, List<String> argv, List<String> envp, int[] fdMap, boolean newSession) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment actions = a.allocate(OPAQUE_SIZE, 16);
            MemorySegment attr = a.allocate(OPAQUE_SIZE, 16);
            check((int) INIT.invokeExact(actions), "posix_spawn_file_actions_init");
            try {
                for (int target = 0; target < fdMap.length; target++) {
                    if (fdMap[target] >= 0) {
                        check((int) ADD_DUP2.invokeExact(actions, fdMap[target], target), "posix_spawn_file_actions_adddup2");
                    }
                }
                check((int) ATTR_INIT.invokeExact(attr), "posix_spawnattr_init");
                MemorySegment empty = a.allocate(JAVA_LONG, 16); // sigset_t: 1024 bits
                MemorySegment defaulted = a.allocate(JAVA_LONG, 16);
                long bits = 0;
                for (int sig : DEFAULTED_SIGNALS) bits |= 1L << (sig - 1);
                defaulted.set(JAVA_LONG, 0, bits);
                check((int) ATTR_SIGMASK.invokeExact(attr, empty), "posix_spawnattr_setsigmask");
                check((int) ATTR_SIGDEF.invokeExact(attr, defaulted), "posix_spawnattr_setsigdefault");
                short flags = (short) (POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | (newSession ? POSIX_SPAWN_SETSID : 0));
                check((int) ATTR_FLAGS.invokeExact(attr, flags), "posix_spawnattr_setflags");
                MemorySegment pid = a.allocate(JAVA_INT);
                int rc = (int) SPAWN.invokeExact(pid, a.allocateFrom(path), actions, attr,
                        ProcessSyscalls.cStrings(a, argv), ProcessSyscalls.cStrings(a, envp));
                if (rc != 0) throw new SyscallException("posix_spawn `" + path + "`", rc);
                return pid.get(JAVA_INT, 0);
            } finally {
                int ignored = (int) DESTROY.invokeExact(actions);
            }
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** posix_spawn functions return the error number instead of setting errno. */
    private static void check(int rc, String what) {
        if (rc != 0) throw new SyscallException(what, rc);
    }
}
