package dev.minidocker.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A directory held open by descriptor, for reading a tree that someone else may control (a
 * container's upper directory): every name is looked up relative to this descriptor and a final
 * symlink is never followed (openat O_NOFOLLOW, statx/readlinkat/l*xattr on the name itself), so
 * a symlink swapped in anywhere below cannot lead the reader out of the tree. Only
 * {@link #open(String)}, the tree's root, follows its path.
 */
public final class DirFd implements AutoCloseable {
    private static final MemorySegment OPENAT = Native.function("openat"), STATX = Native.function("statx"),
            GETDENTS64 = Native.function("getdents64"), READLINKAT = Native.function("readlinkat"),
            LLISTXATTR = Native.function("llistxattr"), LGETXATTR = Native.function("lgetxattr"),
            FLISTXATTR = Native.function("flistxattr"), FGETXATTR = Native.function("fgetxattr");
    private static final int STATX_BASIC_STATS = 0x7ff, STATX_SIZE = 256, XATTR_MAX = 65536, PATH_MAX = 4096;
    private static final int DIR_FLAGS = FileFlags.O_RDONLY | FileFlags.O_DIRECTORY | FileFlags.O_NOFOLLOW
            | FileFlags.O_CLOEXEC;

    private final int fd;
    private final String path;
    private boolean closed;

    private DirFd(int fd, String path) {
        this.fd = fd;
        this.path = path;
    }

    /** Opens the root of a tree (this path is trusted: it is followed). */
    public static DirFd open(String path) {
        return new DirFd(openat(FileFlags.AT_FDCWD, path, FileFlags.O_RDONLY | FileFlags.O_DIRECTORY
                | FileFlags.O_CLOEXEC, path), path);
    }

    /** A subdirectory; fails with ENOTDIR or ELOOP when {@code name} is anything else (a symlink too). */
    public DirFd openDir(String name) {
        return new DirFd(openat(fd, name, DIR_FLAGS, describe(name)), describe(name));
    }

    /** A regular file for reading; a symlink fails with ELOOP, never followed. */
    public FdInputStream openFile(String name) {
        String what = describe(name);
        int f = openat(fd, name, FileFlags.O_RDONLY | FileFlags.O_NOFOLLOW | FileFlags.O_CLOEXEC, what);
        return new FdInputStream(f, what);
    }

    /** The names in this directory (not "." and ".."), in the order the file system returns them. */
    public List<String> names() {
        List<String> out = new ArrayList<>();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            MemorySegment buf = a.allocate(1 << 16, 8);
            while (true) {
                long n = Native.call(GETDENTS64, e, fd, buf.address(), buf.byteSize());
                if (n == -1) throw new SyscallException("getdents64 `" + path + "`", Native.errno(e));
                if (n == 0) return out;
                for (long off = 0; off < n; ) {
                    int reclen = Short.toUnsignedInt(buf.get(JAVA_SHORT, off + 16));
                    String name = buf.getString(off + 19, StandardCharsets.UTF_8);
                    if (!name.equals(".") && !name.equals("..")) out.add(name);
                    off += reclen;
                }
            }
        }
    }

    /** statx of a name in this directory without following it; {@code name} null: the directory itself. */
    public FileStat stat(String name) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            MemorySegment stx = a.allocate(STATX_SIZE, 8);
            int flags = FileFlags.AT_SYMLINK_NOFOLLOW | (name == null ? FileFlags.AT_EMPTY_PATH : 0);
            int rc = (int) Native.call(STATX, e, fd, a.allocateFrom(name == null ? "" : name).address(), flags,
                    STATX_BASIC_STATS, stx.address());
            if (rc == -1) throw new SyscallException("statx `" + describe(name) + "`", Native.errno(e));
            return new FileStat(Short.toUnsignedInt(stx.get(JAVA_SHORT, 28)),
                    Integer.toUnsignedLong(stx.get(JAVA_INT, 20)), Integer.toUnsignedLong(stx.get(JAVA_INT, 24)),
                    stx.get(JAVA_LONG, 40), Integer.toUnsignedLong(stx.get(JAVA_INT, 16)), stx.get(JAVA_LONG, 32),
                    FileFlags.makedev(Integer.toUnsignedLong(stx.get(JAVA_INT, 136)), Integer.toUnsignedLong(stx.get(JAVA_INT, 140))),
                    Integer.toUnsignedLong(stx.get(JAVA_INT, 128)), Integer.toUnsignedLong(stx.get(JAVA_INT, 132)),
                    stx.get(JAVA_LONG, 112), Integer.toUnsignedLong(stx.get(JAVA_INT, 120)));
        }
    }

    /** The target of the symlink {@code name}. */
    public String readlink(String name) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            MemorySegment buf = a.allocate(PATH_MAX + 1);
            long n = Native.call(READLINKAT, e, fd, a.allocateFrom(name).address(), buf.address(), PATH_MAX + 1);
            if (n == -1) throw new SyscallException("readlinkat `" + describe(name) + "`", Native.errno(e));
            if (n > PATH_MAX) throw new SyscallException("readlinkat `" + describe(name) + "`", Errno.ENAMETOOLONG);
            return new String(buf.asSlice(0, n).toArray(JAVA_BYTE), StandardCharsets.UTF_8);
        }
    }

    /**
     * Every extended attribute of {@code name} (null: this directory), sorted by key. A file
     * system without xattr support has none. Names are reached through this descriptor's
     * /proc/self/fd link (no *xattrat(2) before Linux 6.13) with the l* calls, so a final
     * symlink is not followed.
     */
    public Map<String, byte[]> xattrs(String name) {
        Map<String, byte[]> out = new TreeMap<>();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            MemorySegment list = a.allocate(XATTR_MAX);
            long target = name == null ? 0 : a.allocateFrom(procPath(name)).address();
            long n = name == null ? Native.call(FLISTXATTR, e, fd, list.address(), XATTR_MAX)
                    : Native.call(LLISTXATTR, e, target, list.address(), XATTR_MAX);
            if (n == -1) {
                if (Native.errno(e) == Errno.ENOTSUP) return out;
                throw new SyscallException("listxattr `" + describe(name) + "`", Native.errno(e));
            }
            MemorySegment value = a.allocate(XATTR_MAX);
            for (long off = 0; off < n; ) {
                String key = list.getString(off, StandardCharsets.UTF_8);
                off += key.getBytes(StandardCharsets.UTF_8).length + 1;
                long key_ = a.allocateFrom(key).address();
                long len = name == null ? Native.call(FGETXATTR, e, fd, key_, value.address(), XATTR_MAX)
                        : Native.call(LGETXATTR, e, target, key_, value.address(), XATTR_MAX);
                if (len == -1) {
                    if (Native.errno(e) == Errno.ENODATA) continue;   // removed since the listing
                    throw new SyscallException("getxattr `" + key + "` on `" + describe(name) + "`", Native.errno(e));
                }
                out.put(key, value.asSlice(0, len).toArray(JAVA_BYTE));
            }
            return out;
        }
    }

    /** "root/sub/name", for messages. */
    public String describe(String name) {
        return name == null ? path : path + "/" + name;
    }

    private String procPath(String name) {
        return "/proc/self/fd/" + fd + "/" + name;
    }

    private static int openat(int dirfd, String name, int flags, String what) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = Native.errnoSegment(a);
            int rc = (int) Native.call(OPENAT, e, dirfd, a.allocateFrom(name).address(), flags, 0);
            if (rc == -1) throw new SyscallException("openat `" + what + "`", Native.errno(e));
            return rc;
        }
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        ProcessSyscalls.close(fd);
    }
}
