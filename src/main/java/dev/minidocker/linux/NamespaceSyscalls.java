package dev.minidocker.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** unshare(2) and sethostname(2). Namespaces are per thread: see DESIGN.md, process model. */
public final class NamespaceSyscalls {
    public static final int CLONE_NEWNS = 0x20000, CLONE_NEWCGROUP = 0x02000000, CLONE_NEWUTS = 0x04000000,
            CLONE_NEWIPC = 0x08000000, CLONE_NEWPID = 0x20000000, CLONE_NEWNET = 0x40000000;

    private static final MemorySegment UNSHARE = Native.function("unshare"),
            SETHOSTNAME = Native.function("sethostname");

    /** Looked up on first use: only exec needs it. */
    private static final class Join {
        static final MemorySegment SETNS = Native.function("setns");
    }

    private NamespaceSyscalls() {}

    /**
     * setns(fd, nstype) for the calling thread (a mount namespace needs unshare(CLONE_FS) first).
     * {@code what} names the namespace file for the error message.
     */
    public static void setns(int fd, int nstype, String what) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            if ((int) Native.call(Join.SETNS, e, fd, nstype) == -1) {
                throw new SyscallException("setns `" + what + "`", Native.errno(e));
            }
        }
    }

    /** unshare(CLONE_FS): this thread gets its own root and cwd, so that it may join a mount namespace. */
    public static final int CLONE_FS = 0x200;

    /** unshare(flags) for the calling thread. */
    public static void unshare(int flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            if ((int) Native.call(UNSHARE, e, flags) == -1) {
                throw new SyscallException("unshare 0x" + Integer.toHexString(flags), Native.errno(e));
            }
        }
    }

    public static void sethostname(String name) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            byte[] bytes = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            MemorySegment s = a.allocateFrom(name);
            if ((int) Native.call(SETHOSTNAME, e, s.address(), bytes.length) == -1) {
                throw new SyscallException("sethostname `" + name + "`", Native.errno(e));
            }
        }
    }
}
