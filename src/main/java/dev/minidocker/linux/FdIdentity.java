package dev.minidocker.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/** What an open descriptor is (statx with AT_EMPTY_PATH): the questions the stdio relay asks. */
public final class FdIdentity {
    private static final MemorySegment STATX = Native.function("statx");
    private static final int STATX_BASIC_STATS = 0x7ff, STATX_SIZE = 256;

    /** mode, device (major, minor), inode, and for device nodes what they stand for (major, minor). */
    private record Id(int mode, long devMajor, long devMinor, long ino, long rdevMajor, long rdevMinor) {}

    private FdIdentity() {}

    /** Whether two descriptors are the same file (a terminal, a pipe, a regular file). */
    public static boolean sameFile(int a, int b) {
        Id x = of(a), y = of(b);
        return x.devMajor == y.devMajor && x.devMinor == y.devMinor && x.ino == y.ino;
    }

    /** Whether {@code fd} is /dev/null (the character device 1:3, whatever its name). */
    public static boolean isDevNull(int fd) {
        Id id = of(fd);
        return (id.mode & FileFlags.S_IFMT) == FileFlags.S_IFCHR && id.rdevMajor == 1 && id.rdevMinor == 3;
    }

    private static Id of(int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            MemorySegment stx = a.allocate(STATX_SIZE, 8);
            long rc = Native.call(STATX, e, fd, a.allocateFrom("").address(), FileFlags.AT_EMPTY_PATH,
                    STATX_BASIC_STATS, stx.address());
            if ((int) rc == -1) throw new SyscallException("statx fd " + fd, Native.errno(e));
            return new Id(Short.toUnsignedInt(stx.get(JAVA_SHORT, 28)),
                    Integer.toUnsignedLong(stx.get(JAVA_INT, 136)), Integer.toUnsignedLong(stx.get(JAVA_INT, 140)),
                    stx.get(JAVA_LONG, 32),
                    Integer.toUnsignedLong(stx.get(JAVA_INT, 128)), Integer.toUnsignedLong(stx.get(JAVA_INT, 132)));
        }
    }
}
