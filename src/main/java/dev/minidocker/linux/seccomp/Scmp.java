package dev.minidocker.linux.seccomp;

/**
 * libseccomp's constants (seccomp.h of libseccomp 2.5): actions, comparison operators, filter
 * attributes. They are part of its stable ABI and the same on every architecture.
 */
public final class Scmp {
    public static final int ACT_KILL_PROCESS = 0x80000000, ACT_KILL_THREAD = 0x00000000, ACT_TRAP = 0x00030000,
            ACT_NOTIFY = 0x7fc00000, ACT_LOG = 0x7ffc0000, ACT_ALLOW = 0x7fff0000;
    private static final int ACT_ERRNO = 0x00050000, ACT_TRACE = 0x7ff00000;

    public static final int CMP_NE = 1, CMP_LT = 2, CMP_LE = 3, CMP_EQ = 4, CMP_GE = 5, CMP_GT = 6, CMP_MASKED_EQ = 7;

    /** seccomp_attr_set: NO_NEW_PRIVS on load (libseccomp's default is on), and the optimizer level. */
    public static final int FLTATR_CTL_NNP = 3, FLTATR_CTL_OPTIMIZE = 8;

    /** seccomp_syscall_resolve_name's answer for a name it does not know (__NR_SCMP_ERROR). */
    public static final int NR_UNKNOWN = -1;

    private Scmp() {}

    /** SCMP_ACT_ERRNO(errno): the call fails with {@code errno} without reaching the kernel. */
    public static int actErrno(int errno) {
        return ACT_ERRNO | (errno & 0xffff);
    }

    /** SCMP_ACT_TRACE(msg): a ptrace tracer is notified; without one the call fails with ENOSYS. */
    public static int actTrace(int msg) {
        return ACT_TRACE | (msg & 0xffff);
    }
}
