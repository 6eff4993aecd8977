package dev.minidocker.runtime.container;

import dev.minidocker.linux.DirFd;
import dev.minidocker.linux.Errno;
import dev.minidocker.linux.FileFlags;
import dev.minidocker.linux.FileStat;
import dev.minidocker.linux.LinuxFileSyscalls;
import dev.minidocker.linux.ProcessSyscalls;
import dev.minidocker.linux.SyscallException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * RESOLVE_IN_ROOT done by hand, one component at a time (Go's securejoin): for when openat2 keeps
 * answering EAGAIN, which it does for ".." while mounts or renames happen anywhere on the host
 * (and, seen here, always inside an overlay whose namespace is gone). Each component is opened
 * with openat2 RESOLVE_BENEATH|RESOLVE_NO_SYMLINKS and O_NOFOLLOW relative to the directory
 * before it; a symlink is read and its target pushed back onto the path, an absolute target
 * starting again at the root; ".." pops back to the directory we came from and never above the
 * root. So the result is always inside the root, whatever the container's symlinks say.
 */
final class InRootResolver {
    private static final int MAX_LINKS = 40;

    private InRootResolver() {
    }

    /** An O_PATH descriptor for {@code path} under {@code rootFd} (symlinks followed inside the root). */
    static int resolve(int rootFd, String path) {
        LinuxFileSyscalls sys = new LinuxFileSyscalls();
        Deque<String> todo = new ArrayDeque<>(parts(path));
        List<Integer> stack = new ArrayList<>();
        stack.add(ProcessSyscalls.dupAbove(rootFd, 3));
        int links = 0;
        try {
            while (!todo.isEmpty()) {
                String c = todo.pollFirst();
                if (c.isEmpty() || c.equals(".")) continue;
                if (c.equals("..")) {
                    if (stack.size() > 1) ProcessSyscalls.close(stack.removeLast());
                    continue;
                }
                int dir = stack.getLast();
                FileStat st;
                String target = null;
                try (DirFd d = DirFd.open("/proc/self/fd/" + dir)) {
                    st = d.stat(c);
                    if (st.isSymlink()) target = d.readlink(c);
                }
                if (target != null) {
                    if (++links > MAX_LINKS) throw new SyscallException("resolve `" + path + "`", Errno.ELOOP);
                    List<String> more = parts(target);
                    for (int i = more.size() - 1; i >= 0; i--) todo.addFirst(more.get(i));
                    if (target.startsWith("/")) {
                        while (stack.size() > 1) ProcessSyscalls.close(stack.removeLast());
                    }
                    continue;
                }
                stack.add(sys.openat2(dir, c, FileFlags.O_PATH | FileFlags.O_NOFOLLOW | FileFlags.O_CLOEXEC, 0,
                        FileFlags.RESOLVE_BENEATH | FileFlags.RESOLVE_NO_SYMLINKS));
            }
            return stack.removeLast();
        } finally {
            for (int fd : stack) ProcessSyscalls.close(fd);
        }
    }

    private static List<String> parts(String path) {
        return new ArrayList<>(Arrays.asList(path.split("/")));
    }
}
