package dev.minidocker.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/** Pseudo-terminals for -t: the master/slave pair, raw mode, window size, controlling tty. */
public final class TerminalSyscalls {
    private static final int O_RDWR = 2, O_NOCTTY = 0400, TCSANOW = 0;
    private static final long TIOCSCTTY = 0x540E, TIOCGWINSZ = 0x5413, TIOCSWINSZ = 0x5414;
    private static final long TIOCGPTN = 0x80045430L, TIOCSPTLCK = 0x40045431L;
    private static final long TERMIOS_SIZE = 60, WINSIZE_SIZE = 8;

    // All through Native.call's single downcall shape (see there).
    private static final MemorySegment OPENPT = Native.function("posix_openpt"), GRANTPT = Native.function("grantpt"),
            UNLOCKPT = Native.function("unlockpt"), PTSNAME_R = Native.function("ptsname_r"),
            OPEN = Native.function("open"), ISATTY = Native.function("isatty"), TCGETATTR = Native.function("tcgetattr"),
            TCSETATTR = Native.function("tcsetattr"), CFMAKERAW = Native.function("cfmakeraw"),
            IOCTL = Native.function("ioctl");

    private TerminalSyscalls() {}

    /** A new pty pair: {master, slave}, both close-on-exec. */
    public static int[] openPty() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            int master = check((int) Native.call(OPENPT, e, O_RDWR | O_NOCTTY | ProcessSyscalls.O_CLOEXEC), e, "posix_openpt");
            try {
                check((int) Native.call(GRANTPT, e, master), e, "grantpt");
                check((int) Native.call(UNLOCKPT, e, master), e, "unlockpt");
                MemorySegment name = a.allocate(128);
                int rc = (int) Native.call(PTSNAME_R, e, master, name.address(), 128);
                if (rc != 0) throw new SyscallException("ptsname_r", rc);
                String path = name.getString(0);
                int slave = check((int) Native.call(OPEN, e, a.allocateFrom(path).address(),
                        O_RDWR | O_NOCTTY | ProcessSyscalls.O_CLOEXEC), e, "open `" + path + "`");
                return new int[] {master, slave};
            } catch (RuntimeException ex) {
                ProcessSyscalls.close(master);
                throw ex;
            }
        }
    }

    public static boolean isatty(int fd) {
        try (Arena a = Arena.ofConfined()) {
            return (int) Native.call(ISATTY, Native.errnoSegment(a), fd) == 1;
        }
    }

    /** Puts {@code fd} in raw mode and returns the previous settings for {@link #restore}. */
    public static byte[] makeRaw(int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            MemorySegment t = a.allocate(TERMIOS_SIZE, 8);
            check((int) Native.call(TCGETATTR, e, fd, t.address()), e, "tcgetattr " + fd);
            byte[] saved = t.toArray(JAVA_BYTE);
            Native.call(CFMAKERAW, e, t.address());
            check((int) Native.call(TCSETATTR, e, fd, TCSANOW, t.address()), e, "tcsetattr " + fd);
            return saved;
        }
    }

    public static void restore(int fd, byte[] saved) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment t = a.allocate(TERMIOS_SIZE, 8);
            MemorySegment.copy(saved, 0, t, JAVA_BYTE, 0, saved.length);
            Native.call(TCSETATTR, Native.errnoSegment(a), fd, TCSANOW, t.address());
        }
    }

    /** Copies the window size of terminal {@code from} to {@code to}; false if {@code from} has none. */
    public static boolean copyWindowSize(int from, int to) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            MemorySegment ws = a.allocate(WINSIZE_SIZE, 8);
            if ((int) Native.call(IOCTL, e, from, TIOCGWINSZ, ws.address()) == -1) return false;
            check((int) Native.call(IOCTL, e, to, TIOCSWINSZ, ws.address()), e, "ioctl TIOCSWINSZ");
            return true;
        }
    }

    /** Terminal {@code fd}'s window size (TIOCGWINSZ) as {rows, columns}; null if it is no terminal. */
    public static int[] windowSize(int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ws = a.allocate(WINSIZE_SIZE, 8);
            if ((int) Native.call(IOCTL, Native.errnoSegment(a), fd, TIOCGWINSZ, ws.address()) == -1) return null;
            return new int[] {Short.toUnsignedInt(ws.get(java.lang.foreign.ValueLayout.JAVA_SHORT, 0)),
                    Short.toUnsignedInt(ws.get(java.lang.foreign.ValueLayout.JAVA_SHORT, 2))};
        }
    }

    /** Sets the window size of terminal {@code fd} (TIOCSWINSZ): a resize of a container's pty. */
    public static void setWindowSize(int fd, int rows, int cols) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            MemorySegment ws = a.allocate(WINSIZE_SIZE, 8);
            ws.set(java.lang.foreign.ValueLayout.JAVA_SHORT, 0, (short) rows);
            ws.set(java.lang.foreign.ValueLayout.JAVA_SHORT, 2, (short) cols);
            check((int) Native.call(IOCTL, e, fd, TIOCSWINSZ, ws.address()), e, "ioctl TIOCSWINSZ");
        }
    }

    /**
     * A new pty pair from the devpts that {@code /dev/ptmx} names in this mount namespace (a
     * container's own): {master, slave, N} where the slave is {@code /dev/pts/N}. By ioctls alone,
     * no grantpt (whose glibc may look the tty group up through NSS): stage 2 calls it after
     * pivot_root, in the container's root. Both descriptors close-on-exec, the slave O_NOCTTY.
     */
    public static int[] openPtyHere() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            int master = check((int) Native.call(OPEN, e, a.allocateFrom("/dev/ptmx").address(),
                    O_RDWR | O_NOCTTY | ProcessSyscalls.O_CLOEXEC), e, "open `/dev/ptmx`");
            try {
                MemorySegment value = a.allocate(4);
                value.set(java.lang.foreign.ValueLayout.JAVA_INT, 0, 0);
                check((int) Native.call(IOCTL, e, master, TIOCSPTLCK, value.address()), e, "ioctl TIOCSPTLCK");
                check((int) Native.call(IOCTL, e, master, TIOCGPTN, value.address()), e, "ioctl TIOCGPTN");
                int n = value.get(java.lang.foreign.ValueLayout.JAVA_INT, 0);
                String path = "/dev/pts/".concat(Integer.toString(n)); // no indy: stage 2 calls this after pivot_root
                int slave = check((int) Native.call(OPEN, e, a.allocateFrom(path).address(),
                        O_RDWR | O_NOCTTY | ProcessSyscalls.O_CLOEXEC), e, "open `" + path + "`");
                return new int[] {master, slave, n};
            } catch (RuntimeException ex) {
                ProcessSyscalls.close(master);
                throw ex;
            }
        }
    }

    /** Makes {@code fd} the controlling terminal of the calling session leader. */
    public static void setControllingTerminal(int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            check((int) Native.call(IOCTL, e, fd, TIOCSCTTY, 0L), e, "ioctl TIOCSCTTY");
        }
    }

    private static int check(int rc, MemorySegment errno, String what) {
        if (rc == -1) throw new SyscallException(what, Native.errno(errno));
        return rc;
    }
}
