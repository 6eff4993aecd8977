package dev.minidocker.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** Pseudo-terminals for -t: the master/slave pair, raw mode, window size, controlling tty. */
public final class TerminalSyscalls {
    private static final int O_RDWR = 2, O_NOCTTY = 0400, TCSANOW = 0;
    private static final long TIOCSCTTY = 0x540E, TIOCGWINSZ = 0x5413, TIOCSWINSZ = 0x5414;
    private static final long TERMIOS_SIZE = 60, WINSIZE_SIZE = 8;

    private static final MethodHandle OPENPT = Native.linkErrno("posix_openpt", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle GRANTPT = Native.linkErrno("grantpt", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle UNLOCKPT = Native.linkErrno("unlockpt", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle PTSNAME_R = Native.link("ptsname_r",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle OPEN = Native.linkErrno("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle ISATTY = Native.link("isatty", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle TCGETATTR = Native.linkErrno("tcgetattr", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle TCSETATTR = Native.linkErrno("tcsetattr",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle CFMAKERAW = Native.link("cfmakeraw", FunctionDescriptor.ofVoid(ADDRESS));
    private static final MethodHandle IOCTL = Native.link("ioctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG),
            Native.CAPTURE_ERRNO, Linker.Option.firstVariadicArg(2));

    private TerminalSyscalls() {}

    /** A new pty pair: {master, slave}, both close-on-exec. */
    public static int[] openPty() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            int master = check((int) OPENPT.invokeExact(e, O_RDWR | O_NOCTTY | ProcessSyscalls.O_CLOEXEC), e, "posix_openpt");
            try {
                check((int) GRANTPT.invokeExact(e, master), e, "grantpt");
                check((int) UNLOCKPT.invokeExact(e, master), e, "unlockpt");
                MemorySegment name = a.allocate(128);
                int rc = (int) PTSNAME_R.invokeExact(master, name, 128L);
                if (rc != 0) throw new SyscallException("ptsname_r", rc);
                String path = name.getString(0);
                int slave = check((int) OPEN.invokeExact(e, a.allocateFrom(path),
                        O_RDWR | O_NOCTTY | ProcessSyscalls.O_CLOEXEC), e, "open `" + path + "`");
                return new int[] {master, slave};
            } catch (RuntimeException ex) {
                ProcessSyscalls.close(master);
                throw ex;
            }
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static boolean isatty(int fd) {
        try {
            return (int) ISATTY.invokeExact(fd) == 1;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Puts {@code fd} in raw mode and returns the previous settings for {@link #restore}. */
    public static byte[] makeRaw(int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            MemorySegment t = a.allocate(TERMIOS_SIZE, 8);
            check((int) TCGETATTR.invokeExact(e, fd, t), e, "tcgetattr " + fd);
            byte[] saved = t.toArray(JAVA_BYTE);
            CFMAKERAW.invokeExact(t);
            check((int) TCSETATTR.invokeExact(e, fd, TCSANOW, t), e, "tcsetattr " + fd);
            return saved;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static void restore(int fd, byte[] saved) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment t = a.allocate(TERMIOS_SIZE, 8);
            MemorySegment.copy(saved, 0, t, JAVA_BYTE, 0, saved.length);
            int ignored = (int) TCSETATTR.invokeExact(Native.errnoSegment(a), fd, TCSANOW, t);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Copies the window size of terminal {@code from} to {@code to}; false if {@code from} has none. */
    public static boolean copyWindowSize(int from, int to) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            MemorySegment ws = a.allocate(WINSIZE_SIZE, 8);
            if ((int) IOCTL.invokeExact(e, from, TIOCGWINSZ, ws.address()) == -1) return false;
            check((int) IOCTL.invokeExact(e, to, TIOCSWINSZ, ws.address()), e, "ioctl TIOCSWINSZ");
            return true;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Makes {@code fd} the controlling terminal of the calling session leader. */
    public static void setControllingTerminal(int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            check((int) IOCTL.invokeExact(e, fd, TIOCSCTTY, 0L), e, "ioctl TIOCSCTTY");
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    private static int check(int rc, MemorySegment errno, String what) {
        if (rc == -1) throw new SyscallException(what, Native.errno(errno));
        return rc;
    }
}
