package dev.minidocker.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** add_key(2) and keyctl(2) for tests that put a key in the calling thread's session keyring. */
public final class TestKeys {
    private static final long KEY_SPEC_SESSION_KEYRING = -3, KEY_SPEC_USER_KEYRING = -4, KEYCTL_SETPERM = 5,
            KEYCTL_SEARCH = 10, KEYCTL_INVALIDATE = 21;
    /** The key's possessor may do everything, nobody else anything (not even its owner, root). */
    public static final long POSSESSOR_ONLY = 0x3f000000L;

    private TestKeys() {}

    /** A new, empty session keyring for the calling thread; returns its serial. */
    public static int joinNewSessionKeyring() {
        return (int) RawSyscall.call("keyctl KEYCTL_JOIN_SESSION_KEYRING", Arch.CURRENT.keyctl(), 1, 0);
    }

    /** A "user" key in the calling thread's session keyring, visible only to its possessors. */
    public static int addPossessorOnlyKey(String description, String payload) {
        long addKey = switch (Arch.CURRENT.name()) {
            case "x86_64" -> 248;
            case "aarch64" -> 217;
            default -> throw new UnsupportedOperationException(Arch.CURRENT.name());
        };
        try (Arena a = Arena.ofConfined()) {
            byte[] data = payload.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            MemorySegment errno = Native.errnoSegment(a);
            // Five arguments after the number: through Native.call directly (RawSyscall takes four).
            int key = (int) Native.call(Native.function("syscall"), errno, addKey, a.allocateFrom("user").address(),
                    a.allocateFrom(description).address(), a.allocateFrom(payload).address(), data.length,
                    KEY_SPEC_SESSION_KEYRING);
            if (key == -1) throw new SyscallException("add_key " + description, Native.errno(errno));
            RawSyscall.call("keyctl KEYCTL_SETPERM", Arch.CURRENT.keyctl(), KEYCTL_SETPERM, key, POSSESSOR_ONLY);
            return key;
        }
    }

    /**
     * Invalidates the "user" key {@code description} in this user's keyring (@u), where a container
     * without a filter can put one; false when there is none.
     */
    public static boolean invalidateUserKey(String description) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment errno = Native.errnoSegment(a);
            int key = (int) Native.call(Native.function("syscall"), errno, Arch.CURRENT.keyctl(), KEYCTL_SEARCH,
                    KEY_SPEC_USER_KEYRING, a.allocateFrom("user").address(), a.allocateFrom(description).address(), 0);
            if (key == -1) return false;
            RawSyscall.call("keyctl KEYCTL_INVALIDATE", Arch.CURRENT.keyctl(), KEYCTL_INVALIDATE, key);
            return true;
        }
    }
}
