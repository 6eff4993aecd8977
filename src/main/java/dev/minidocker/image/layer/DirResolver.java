package dev.minidocker.image.layer;

import static dev.minidocker.linux.FileFlags.O_CLOEXEC;
import static dev.minidocker.linux.FileFlags.O_DIRECTORY;
import static dev.minidocker.linux.FileFlags.O_NOFOLLOW;
import static dev.minidocker.linux.FileFlags.O_RDONLY;
import static dev.minidocker.linux.FileFlags.RESOLVE_IN_ROOT;
import static dev.minidocker.linux.FileFlags.RESOLVE_NO_MAGICLINKS;

import dev.minidocker.linux.Errno;
import dev.minidocker.linux.FileSyscalls;
import dev.minidocker.linux.SyscallException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Opens directories inside the layer root without ever leaving it. With openat2(2) and
 * RESOLVE_IN_ROOT the kernel treats the root fd as "/" for every component, so a symlink
 * {@code d -> /} inside the layer resolves back into the layer. Without openat2 (ENOSYS, Linux
 * before 5.6) it walks component by component with O_NOFOLLOW and refuses symlinked parents.
 * Missing parents are created 0755, as tar does. Opened fds are kept in a small LRU cache
 * (tar streams visit one directory many times in a row) and dropped whenever an entry is
 * removed, since a removal can turn a cached path into something else. Dropped fds stay open
 * until the current entry is done ({@link #endEntry}): its caller may still be using them.
 */
final class DirResolver implements AutoCloseable {
    private static final int CACHE_SIZE = 32;
    private static final int DIR_FLAGS = O_RDONLY | O_DIRECTORY | O_CLOEXEC;
    private static final long RESOLVE = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;

    private final FileSyscalls sys;
    private final int rootFd;
    private boolean openat2 = true;
    private final List<Integer> retired = new ArrayList<>();
    private final LinkedHashMap<String, Integer> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            if (size() <= CACHE_SIZE) return false;
            retired.add(eldest.getValue());
            return true;
        }
    };

    DirResolver(FileSyscalls sys, int rootFd) {
        this.sys = sys;
        this.rootFd = rootFd;
    }

    int rootFd() {
        return rootFd;
    }

    /** The fd of a directory inside the root, created (with its parents) if missing. Owned by the cache. */
    int dir(List<String> components) {
        if (components.isEmpty()) return rootFd;
        String key = String.join("/", components);
        Integer cached = cache.get(key);
        if (cached != null) return cached;
        int fd = open(components, key, true);
        cache.put(key, fd);
        return fd;
    }

    /**
     * Opens an existing directory inside the root whose final component must not be a symlink;
     * -1 if it no longer exists or is no longer a directory. The caller closes the fd.
     */
    int openExistingNoFollow(List<String> components) {
        String key = String.join("/", components);
        try {
            if (openat2) {
                try {
                    return sys.openat2(rootFd, key, DIR_FLAGS | O_NOFOLLOW, 0, RESOLVE);
                } catch (SyscallException e) {
                    if (e.errno() != Errno.ENOSYS) throw e;
                    openat2 = false;
                }
            }
            return walk(components, key, false);
        } catch (SyscallException e) {
            if (e.errno() == Errno.ENOENT || e.errno() == Errno.ENOTDIR || e.errno() == Errno.ELOOP) return -1;
            throw e;
        }
    }

    /** Forgets every cached fd: called before any removal inside the layer. */
    void invalidate() {
        retired.addAll(cache.values());
        cache.clear();
    }

    /** Closes the fds dropped while applying the entry that just finished. */
    void endEntry() {
        for (int fd : retired) sys.close(fd);
        retired.clear();
    }

    @Override
    public void close() {
        invalidate();
        endEntry();
    }

    private int open(List<String> components, String key, boolean create) {
        if (openat2) {
            try {
                return sys.openat2(rootFd, key, DIR_FLAGS, 0, RESOLVE);
            } catch (SyscallException e) {
                if (e.errno() == Errno.ENOSYS) {
                    openat2 = false;
                } else if (e.errno() == Errno.ENOENT && create) {
                    List<String> parent = components.subList(0, components.size() - 1);
                    mkdirIfMissing(parent.isEmpty() ? rootFd : dir(parent), components.getLast());
                    return sys.openat2(rootFd, key, DIR_FLAGS, 0, RESOLVE);
                } else if (e.errno() == Errno.ENOTDIR) {
                    throw new LayerException("`" + key + "` is not a directory, or has a parent that is not");
                } else {
                    throw e;
                }
            }
        }
        return walk(components, key, create);
    }

    /** The pre-openat2 path: one openat(O_NOFOLLOW) per component, symlinked parents refused. */
    private int walk(List<String> components, String key, boolean create) {
        int current = rootFd;
        try {
            for (String c : components) {
                int next;
                try {
                    next = sys.openat(current, c, DIR_FLAGS | O_NOFOLLOW, 0);
                } catch (SyscallException e) {
                    if (e.errno() == Errno.ENOENT && create) {
                        mkdirIfMissing(current, c);
                        next = sys.openat(current, c, DIR_FLAGS | O_NOFOLLOW, 0);
                    } else if (e.errno() == Errno.ELOOP || e.errno() == Errno.ENOTDIR) {
                        throw new LayerException("`" + key + "`: component `" + c
                                + "` is a symlink or not a directory (cannot resolve safely without openat2)");
                    } else {
                        throw e;
                    }
                }
                if (current != rootFd) sys.close(current);
                current = next;
            }
            return current;
        } catch (RuntimeException e) {
            if (current != rootFd) sys.close(current);
            throw e;
        }
    }

    private void mkdirIfMissing(int parentFd, String name) {
        try {
            sys.mkdirat(parentFd, name, 0755);
        } catch (SyscallException e) {
            if (e.errno() != Errno.EEXIST) throw e;
        }
    }
}
