package dev.minidocker.linux.seccomp;

import dev.minidocker.linux.Native;
import dev.minidocker.linux.SyscallException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Installs a compiled filter on the calling thread: prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER,
 * &sock_fprog), which is seccomp(SECCOMP_SET_MODE_FILTER, 0, ...) without flags (with an OCI
 * bundle's flags, seccomp(2) itself), as libseccomp's
 * seccomp_load does for runc (no TSYNC: the filter is the calling thread's, and execve makes it
 * the new program's). Without no_new_privs the kernel asks for CAP_SYS_ADMIN, so stage 2 calls
 * this before it drops capabilities (runc's order); the filter is inherited across execve and by
 * every child. Stage 2's one call into seccomp: no libseccomp there.
 */
public final class SeccompInstall {
    private static final int PR_SET_SECCOMP = 22, SECCOMP_MODE_FILTER = 2, SECCOMP_SET_MODE_FILTER = 1;
    private static final MemorySegment PRCTL = Native.function("prctl");
    /** seccomp(2) itself, for a filter with flags (prctl takes none); Native.call's one shape, nothing more to link. */
    private static final MemorySegment SYSCALL = Native.function("syscall");

    private SeccompInstall() {}

    public static void onThisThread(SeccompProgram program) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment fprog = sockFprog(a, program);
            MemorySegment errno = Native.errnoSegment(a);
            long rc = program.flags() == 0
                    ? Native.call(PRCTL, errno, PR_SET_SECCOMP, SECCOMP_MODE_FILTER, fprog.address())
                    : Native.call(SYSCALL, errno, dev.minidocker.linux.Arch.CURRENT.seccomp(), SECCOMP_SET_MODE_FILTER,
                            program.flags(), fprog.address());
            if ((int) rc == -1) {
                throw new SyscallException((program.flags() == 0 ? "prctl PR_SET_SECCOMP" : "seccomp SECCOMP_SET_MODE_FILTER flags "
                        + program.flags()) + " of a " + program.instructions() + "-instruction seccomp filter", Native.errno(errno));
            }
        }
    }

    /**
     * Builds a struct sock_fprog without installing it: stage 2 runs this before pivot_root so that
     * what onThisThread links (segment copies, a short's access) is linked while the jar is reachable.
     */
    public static void rehearse() {
        try (Arena a = Arena.ofConfined()) {
            sockFprog(a, new SeccompProgram(new byte[SeccompProgram.INSTRUCTION_SIZE]));
        }
    }

    /** struct sock_fprog { unsigned short len; struct sock_filter *filter; } and the filter it points to. */
    private static MemorySegment sockFprog(Arena a, SeccompProgram program) {
        byte[] bpf = program.bpf();
        MemorySegment filter = a.allocate(bpf.length, 8);
        MemorySegment.copy(bpf, 0, filter, ValueLayout.JAVA_BYTE, 0, bpf.length);
        MemorySegment fprog = a.allocate(16, 8);
        fprog.set(ValueLayout.JAVA_SHORT, 0, (short) program.instructions());
        fprog.set(ValueLayout.JAVA_LONG, 8, filter.address());
        return fprog;
    }
}
