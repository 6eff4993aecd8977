package dev.minidocker.linux;

/**
 * keyctl(2) KEYCTL_JOIN_SESSION_KEYRING with a NULL name: the calling thread gets a new, anonymous
 * session keyring, so a container never shares the keys of whoever started it. Keyrings live in a
 * thread's credentials: call it on the thread that execve's (or spawns) the container's command.
 */
public final class SessionKeyring {
    private static final long KEYCTL_JOIN_SESSION_KEYRING = 1;

    private SessionKeyring() {}

    /**
     * Joins a new session keyring and returns its serial, or -1 when the kernel has no keyrings
     * (ENOSYS), which runc and crun tolerate too: there is nothing to share then. Any other failure
     * throws.
     */
    public static int joinNew() {
        try {
            return (int) RawSyscall.call("keyctl KEYCTL_JOIN_SESSION_KEYRING", Arch.CURRENT.keyctl(),
                    KEYCTL_JOIN_SESSION_KEYRING, 0);
        } catch (SyscallException e) {
            if (e.errno() == Errno.ENOSYS) return -1;
            throw e;
        }
    }
}
