package dev.minidocker.runtime.init;

import dev.minidocker.linux.Errno;
import dev.minidocker.linux.MountSyscalls;
import dev.minidocker.linux.SyscallException;
import dev.minidocker.runtime.init.MountOp.Missing;
import dev.minidocker.runtime.spec.ContainerStartException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a mount plan. Container paths are opened beneath the root (openat2 RESOLVE_BENEATH, so a
 * symlink in the image can never redirect a mount onto the host) and mounted through
 * /proc/self/fd/N, the way runc does it. Missing targets are created the same safe way.
 */
public final class MountExecutor {
    /** mount(2) copies at most one page of options; stay well below it. */
    static final int MAX_OPTIONS = 3800;

    private final MountSyscalls sys;
    private int rootFd = -1;

    public MountExecutor(MountSyscalls sys) {
        this.sys = sys;
    }

    public void run(List<MountOp> plan) {
        try {
            for (MountOp op : plan) {
                try {
                    apply(op);
                } catch (SyscallException e) {
                    throw new ContainerStartException(describe(op) + ": " + e.getMessage(), e);
                }
            }
        } finally {
            if (rootFd >= 0) sys.close(rootFd);
            rootFd = -1;
        }
    }

    private void apply(MountOp op) {
        switch (op) {
            case MountOp.HostMount m -> sys.mount(m.source(), m.target(), m.fstype(), m.flags(), m.data());
            case MountOp.Overlay o -> mountOverlay(o);
            case MountOp.EnterRoot e -> rootFd = sys.openDirectory(e.target());
            case MountOp.RootMount m -> {
                int fd = resolve(m.containerPath(), m.missing());
                if (fd < 0) return;
                try {
                    sys.mount(m.source(), sys.fdPath(fd), m.fstype(), m.flags(), m.data());
                } finally {
                    sys.close(fd);
                }
            }
            case MountOp.BindSelf b -> {
                int fd = resolve(b.containerPath(), b.missing());
                if (fd < 0) return;
                try {
                    sys.mount(sys.fdPath(fd), sys.fdPath(fd), null, MountSyscalls.MS_BIND | MountSyscalls.MS_REC, null);
                } finally {
                    sys.close(fd);
                }
            }
            case MountOp.Move m -> {
                int fd = resolve(m.containerPath(), Missing.CREATE_DIR);
                try {
                    sys.mount(m.source(), sys.fdPath(fd), null, MountSyscalls.MS_MOVE, null);
                } finally {
                    sys.close(fd);
                }
            }
            case MountOp.Remount r -> {
                int fd = resolve(r.containerPath(), r.missing()); // re-resolved: sees the new top mount
                if (fd < 0) return;
                try {
                    sys.mount("none", sys.fdPath(fd), null, r.flags() | MountSyscalls.MS_REMOUNT, null);
                } finally {
                    sys.close(fd);
                }
            }
            case MountOp.Mask m -> {
                int fd = resolve(m.containerPath(), Missing.SKIP);
                if (fd < 0) return;
                try {
                    String where = sys.fdPath(fd);
                    try {
                        sys.mount("/dev/null", where, null, MountSyscalls.MS_BIND, null);
                    } catch (SyscallException e) {
                        // A directory (as runc tells them apart): an empty read-only tmpfs instead.
                        if (e.errno() != Errno.ENOTDIR) throw e;
                        sys.mount("tmpfs", where, "tmpfs", MountSyscalls.MS_RDONLY, null);
                    }
                } finally {
                    sys.close(fd);
                }
            }
            case MountOp.Symlink s -> {
                String rel = relative(s.containerPath());
                int slash = rel.lastIndexOf('/');
                int dir = slash < 0 ? -1 : resolve("/" + rel.substring(0, slash), Missing.CREATE_DIR);
                try {
                    sys.symlinkAt(s.linkTarget(), dir < 0 ? rootFd : dir, rel.substring(slash + 1));
                } finally {
                    if (dir >= 0) sys.close(dir);
                }
            }
            case MountOp.PivotRoot p -> {
                sys.chdir(p.target());
                sys.pivotRoot(".", ".");
                sys.umount2(".", MountSyscalls.MNT_DETACH);
                sys.chdir("/");
                sys.close(rootFd);
                rootFd = -1;
            }
        }
    }

    /**
     * lowerdir lists longer than a page are mounted from /proc/self/fd: each layer is opened and
     * named by its (short) descriptor number relative to that directory, so 130 layers take ~500
     * bytes instead of ~9000.
     */
    private void mountOverlay(MountOp.Overlay o) {
        String tail = ",upperdir=" + o.upperDir() + ",workdir=" + o.workDir();
        String direct = "lowerdir=" + String.join(":", o.lowerDirs()) + tail;
        if (direct.length() <= MAX_OPTIONS) {
            sys.mount("overlay", o.target(), "overlay", 0, direct);
            return;
        }
        List<Integer> fds = new ArrayList<>();
        try {
            for (String dir : o.lowerDirs()) fds.add(sys.openDirectory(dir));
            String lower = String.join(":", fds.stream().map(String::valueOf).toList());
            sys.chdir("/proc/self/fd");
            sys.mount("overlay", o.target(), "overlay", 0, "lowerdir=" + lower + tail);
        } finally {
            for (int fd : fds) sys.close(fd);
            sys.chdir("/");
        }
    }

    /** An O_PATH fd for a container path, creating it if asked; -1 if missing and SKIP. */
    int resolve(String containerPath, Missing missing) {
        String rel = relative(containerPath);
        try {
            return sys.openBeneath(rootFd, rel);
        } catch (SyscallException e) {
            if (e.errno() == Errno.EXDEV || e.errno() == Errno.ELOOP) {
                throw new ContainerStartException("mount destination " + containerPath
                        + " leads outside the container's root filesystem (through a symlink)");
            }
            if (e.errno() != Errno.ENOENT) throw e;
            if (missing == Missing.SKIP) return -1;
        }
        int slash = rel.lastIndexOf('/');
        int parent = slash < 0 ? -1 : resolve("/" + rel.substring(0, slash), Missing.CREATE_DIR);
        int dirFd = parent < 0 ? rootFd : parent;
        try {
            String name = rel.substring(slash + 1);
            if (missing == Missing.CREATE_DIR) sys.mkdirAt(dirFd, name, 0755);
            else sys.createFileAt(dirFd, name);
        } finally {
            if (parent >= 0) sys.close(parent);
        }
        return sys.openBeneath(rootFd, rel);
    }

    /** Names the step in container terms: /proc/self/fd/N in a syscall message says little. */
    private static String describe(MountOp op) {
        return switch (op) {
            case MountOp.RootMount m -> "mounting " + (m.fstype() != null ? m.fstype() : m.source())
                    + " on " + m.containerPath() + " in the container";
            case MountOp.BindSelf b -> "making " + b.containerPath() + " read-only";
            case MountOp.Remount r -> "remounting " + r.containerPath();
            case MountOp.Symlink l -> "creating " + l.containerPath();
            case MountOp.Mask m -> "masking " + m.containerPath();
            case MountOp.Move m -> "moving the prepared " + m.containerPath() + " into the container";
            case MountOp.Overlay o -> "mounting the container's overlay root";
            default -> "preparing the container's root filesystem";
        };
    }

    static String relative(String containerPath) {
        String rel = containerPath;
        while (rel.startsWith("/")) rel = rel.substring(1);
        while (rel.endsWith("/")) rel = rel.substring(0, rel.length() - 1);
        if (rel.isEmpty()) throw new ContainerStartException("mount destination " + containerPath + " is the root");
        return rel;
    }
}
