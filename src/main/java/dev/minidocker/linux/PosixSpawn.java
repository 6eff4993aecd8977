package dev.minidocker.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

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

    // All through Native.call's single downcall shape (see there).
    private static final MemorySegment SPAWN = Native.function("posix_spawn"),
            INIT = Native.function("posix_spawn_file_actions_init"),
            DESTROY = Native.function("posix_spawn_file_actions_destroy"),
            ADD_DUP2 = Native.function("posix_spawn_file_actions_adddup2"),
            ATTR_INIT = Native.function("posix_spawnattr_init"), ATTR_FLAGS = Native.function("posix_spawnattr_setflags"),
            ATTR_SIGDEF = Native.function("posix_spawnattr_setsigdefault"),
            ATTR_SIGMASK = Native.function("posix_spawnattr_setsigmask");
    /** glibc 2.34+; without it the child keeps whatever the JVM opened without close-on-exec. */
    private static final MemorySegment ADD_CLOSEFROM = Native.LIBC.find("posix_spawn_file_actions_addclosefrom_np")
            .orElse(null);

    private PosixSpawn() {}

    /**
     * Spawns {@code path}. {@code fdMap[i]} becomes descriptor {@code i} in the child (-1: leave
     * closed-on-exec/unchanged); every descriptor from {@code fdMap.length} up is closed in the child. Sources must not collide with targets; see {@link ProcessSyscalls#dupAbove}.
     *
     * @param newSession also setsid() in the child (for a controlling terminal)
     * @return the child's pid
     */
    public static int spawn(String path, List<String> argv, List<String> envp, int[] fdMap, boolean newSession) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment actions = a.allocate(OPAQUE_SIZE, 16);
            MemorySegment attr = a.allocate(OPAQUE_SIZE, 16);
            MemorySegment e = Native.errnoSegment(a); // unused: these functions return the error
            check((int) Native.call(INIT, e, actions.address()), "posix_spawn_file_actions_init");
            try {
                for (int target = 0; target < fdMap.length; target++) {
                    if (fdMap[target] >= 0) {
                        check((int) Native.call(ADD_DUP2, e, actions.address(), fdMap[target], target), "posix_spawn_file_actions_adddup2");
                    }
                }
                // The JDK opens sockets and files without close-on-exec (its own launcher closes
                // every fd in the child): without this, stage 2 would hold copies of, say, a
                // daemon's client connections, and those clients would never see them close.
                if (ADD_CLOSEFROM != null) {
                    check((int) Native.call(ADD_CLOSEFROM, e, actions.address(), fdMap.length),
                            "posix_spawn_file_actions_addclosefrom_np");
                }
                check((int) Native.call(ATTR_INIT, e, attr.address()), "posix_spawnattr_init");
                MemorySegment empty = a.allocate(JAVA_LONG, 16); // sigset_t: 1024 bits
                MemorySegment defaulted = a.allocate(JAVA_LONG, 16);
                long bits = 0;
                for (int sig : DEFAULTED_SIGNALS) bits |= 1L << (sig - 1);
                defaulted.set(JAVA_LONG, 0, bits);
                check((int) Native.call(ATTR_SIGMASK, e, attr.address(), empty.address()), "posix_spawnattr_setsigmask");
                check((int) Native.call(ATTR_SIGDEF, e, attr.address(), defaulted.address()), "posix_spawnattr_setsigdefault");
                short flags = (short) (POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | (newSession ? POSIX_SPAWN_SETSID : 0));
                check((int) Native.call(ATTR_FLAGS, e, attr.address(), flags), "posix_spawnattr_setflags");
                MemorySegment pid = a.allocate(JAVA_INT);
                int rc = (int) Native.call(SPAWN, e, pid.address(), a.allocateFrom(path).address(), actions.address(),
                        attr.address(), ProcessSyscalls.cStrings(a, argv).address(), ProcessSyscalls.cStrings(a, envp).address());
                if (rc != 0) throw new SyscallException("posix_spawn `" + path + "`", rc);
                return pid.get(JAVA_INT, 0);
            } finally {
                Native.call(DESTROY, e, actions.address());
            }
        }
    }

    /** posix_spawn functions return the error number instead of setting errno. */
    private static void check(int rc, String what) {
        if (rc != 0) throw new SyscallException(what, rc);
    }
}
