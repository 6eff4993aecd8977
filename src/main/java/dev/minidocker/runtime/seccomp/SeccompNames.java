package dev.minidocker.runtime.seccomp;

import dev.minidocker.linux.Errno;
import dev.minidocker.linux.seccomp.Scmp;
import java.util.List;
import java.util.Locale;

/** The names a Docker profile uses for actions, comparisons and architectures, and libseccomp's values. */
final class SeccompNames {
    /** The SCMP_ARCH_* suffixes libseccomp 2.5 knows; lower-cased they are its own arch names. */
    private static final List<String> ARCHES = List.of("X86", "X86_64", "X32", "ARM", "AARCH64", "MIPS", "MIPS64",
            "MIPS64N32", "MIPSEL", "MIPSEL64", "MIPSEL64N32", "PPC", "PPC64", "PPC64LE", "S390", "S390X", "PARISC",
            "PARISC64", "RISCV64");

    private SeccompNames() {}

    static boolean isAction(String name) {
        return switch (name) {
            case "SCMP_ACT_KILL", "SCMP_ACT_KILL_THREAD", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_TRAP", "SCMP_ACT_ERRNO",
                 "SCMP_ACT_TRACE", "SCMP_ACT_ALLOW", "SCMP_ACT_LOG" -> true;
            default -> false;
        };
    }

    /** Whether an errnoRet means something with this action (runc refuses it elsewhere). */
    static boolean takesErrno(String action) {
        return action.equals("SCMP_ACT_ERRNO") || action.equals("SCMP_ACT_TRACE");
    }

    /** libseccomp's action value; ERRNO and TRACE without an errnoRet use EPERM, as runc does. */
    static int action(String name, Integer errnoRet) {
        int errno = errnoRet == null ? Errno.EPERM : errnoRet;
        return switch (name) {
            case "SCMP_ACT_KILL", "SCMP_ACT_KILL_THREAD" -> Scmp.ACT_KILL_THREAD;
            case "SCMP_ACT_KILL_PROCESS" -> Scmp.ACT_KILL_PROCESS;
            case "SCMP_ACT_TRAP" -> Scmp.ACT_TRAP;
            case "SCMP_ACT_ERRNO" -> Scmp.actErrno(errno);
            case "SCMP_ACT_TRACE" -> Scmp.actTrace(errno);
            case "SCMP_ACT_ALLOW" -> Scmp.ACT_ALLOW;
            case "SCMP_ACT_LOG" -> Scmp.ACT_LOG;
            default -> throw new IllegalArgumentException("unknown seccomp action " + name);
        };
    }

    /** libseccomp's comparison operator, or -1 for a name it does not have. */
    static int op(String name) {
        return switch (name) {
            case "SCMP_CMP_NE" -> Scmp.CMP_NE;
            case "SCMP_CMP_LT" -> Scmp.CMP_LT;
            case "SCMP_CMP_LE" -> Scmp.CMP_LE;
            case "SCMP_CMP_EQ" -> Scmp.CMP_EQ;
            case "SCMP_CMP_GE" -> Scmp.CMP_GE;
            case "SCMP_CMP_GT" -> Scmp.CMP_GT;
            case "SCMP_CMP_MASKED_EQ" -> Scmp.CMP_MASKED_EQ;
            default -> -1;
        };
    }

    /** "SCMP_ARCH_X86_64" -> "x86_64", the name seccomp_arch_resolve_name takes; null if unknown. */
    static String libseccompArch(String scmpArch) {
        if (scmpArch == null || !scmpArch.startsWith("SCMP_ARCH_")) return null;
        String suffix = scmpArch.substring("SCMP_ARCH_".length());
        return ARCHES.contains(suffix) ? suffix.toLowerCase(Locale.ROOT) : null;
    }
}
