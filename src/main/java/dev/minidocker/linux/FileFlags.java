package dev.minidocker.linux;

import java.util.Locale;

/**
 * open(2)/*at(2) flag values. Most are the same on x86_64 and aarch64, but O_DIRECTORY and
 * O_NOFOLLOW are not (asm-generic vs x86 fcntl.h), so those come from a per-architecture table.
 */
public final class FileFlags {
    private static final String ARCH = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
    private static final boolean AARCH64 = switch (ARCH) {
        case "amd64", "x86_64" -> false;
        case "aarch64", "arm64" -> true;
        default -> throw new UnsupportedOperationException("unsupported architecture " + ARCH);
    };

    /**
     * openat2(2) has no glibc wrapper. Syscalls added since Linux 5.1 (>= 424) share one number
     * on every architecture: 437 on x86_64 and on aarch64 alike.
     */
    public static final long SYS_OPENAT2 = AARCH64 ? 437 : 437;

    public static final int O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2;
    public static final int O_CREAT = 0x40, O_EXCL = 0x80, O_TRUNC = 0x200, O_APPEND = 0x400;
    public static final int O_CLOEXEC = 0x80000, O_PATH = 0x200000;
    public static final int O_DIRECTORY = AARCH64 ? 0x4000 : 0x10000;
    public static final int O_NOFOLLOW = AARCH64 ? 0x8000 : 0x20000;

    public static final int AT_FDCWD = -100;
    public static final int AT_SYMLINK_NOFOLLOW = 0x100, AT_REMOVEDIR = 0x200,
            AT_SYMLINK_FOLLOW = 0x400, AT_EMPTY_PATH = 0x1000;

    /** openat2(2) struct open_how.resolve bits (linux/openat2.h). */
    public static final long RESOLVE_NO_XDEV = 0x01, RESOLVE_NO_MAGICLINKS = 0x02,
            RESOLVE_NO_SYMLINKS = 0x04, RESOLVE_BENEATH = 0x08, RESOLVE_IN_ROOT = 0x10;

    /** st_mode file types (identical everywhere). */
    public static final int S_IFMT = 0xF000, S_IFSOCK = 0xC000, S_IFLNK = 0xA000, S_IFREG = 0x8000,
            S_IFBLK = 0x6000, S_IFDIR = 0x4000, S_IFCHR = 0x2000, S_IFIFO = 0x1000;

    private FileFlags() {}

    /** glibc's makedev(3): the 64-bit dev_t encoding of major:minor. */
    public static long makedev(long major, long minor) {
        return ((major & 0xfffff000L) << 32) | ((major & 0xfffL) << 8)
                | ((minor & 0xffffff00L) << 12) | (minor & 0xffL);
    }
}
