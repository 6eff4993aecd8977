package dev.minidocker.runtime.spec;

import java.util.List;

/** The capabilities Docker keeps by default (every other one is dropped), and all of them. */
public final class DefaultCapabilities {
    /** Every capability linux/capability.h knows, by number (CAP_CHOWN is 0), without the CAP_ prefix. */
    public static final List<String> NUMBERED = List.of("CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER",
            "FSETID", "KILL", "SETGID", "SETUID", "SETPCAP", "LINUX_IMMUTABLE", "NET_BIND_SERVICE",
            "NET_BROADCAST", "NET_ADMIN", "NET_RAW", "IPC_LOCK", "IPC_OWNER", "SYS_MODULE", "SYS_RAWIO",
            "SYS_CHROOT", "SYS_PTRACE", "SYS_PACCT", "SYS_ADMIN", "SYS_BOOT", "SYS_NICE", "SYS_RESOURCE",
            "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD", "LEASE", "AUDIT_WRITE", "AUDIT_CONTROL", "SETFCAP",
            "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG", "WAKE_ALARM", "BLOCK_SUSPEND", "AUDIT_READ", "PERFMON",
            "BPF", "CHECKPOINT_RESTORE");

    public static final List<String> DOCKER = List.of(
            "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW",
            "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE",
            "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE");

    /** Every capability, "CAP_" names in number order (--privileged, --cap-add ALL). */
    public static final List<String> ALL = prefixed();

    private DefaultCapabilities() {}

    private static List<String> prefixed() {
        String[] names = new String[NUMBERED.size()];
        for (int i = 0; i < names.length; i++) names[i] = "CAP_" + NUMBERED.get(i);
        return List.of(names);
    }
}
