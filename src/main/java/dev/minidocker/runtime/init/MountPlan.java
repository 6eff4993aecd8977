package dev.minidocker.runtime.init;

import dev.minidocker.runtime.init.MountOp.BindSelf;
import dev.minidocker.runtime.init.MountOp.HostMount;
import dev.minidocker.runtime.init.MountOp.Missing;
import dev.minidocker.runtime.init.MountOp.Remount;
import dev.minidocker.runtime.init.MountOp.RootMount;
import dev.minidocker.runtime.init.MountOp.Symlink;
import dev.minidocker.runtime.spec.ContainerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static dev.minidocker.linux.MountSyscalls.*;

/**
 * Computes the mount operations that turn a ContainerSpec into a root filesystem, in the order
 * runc uses: the root, /proc, /dev, /sys, /etc files, user mounts, masked and read-only paths,
 * pivot_root, then the read-only root. The mount namespace is already private: the launcher made it
 * so before it spawned stage 2 (runtime/ReadOnlyRuntime). Pure: tests check it without root.
 */
public final class MountPlan {
    static final List<String> DEVICES = List.of("null", "zero", "full", "random", "urandom", "tty");
    static final List<String> MASKED_FILES = List.of("/proc/kcore", "/proc/keys", "/proc/timer_list",
            "/proc/sched_debug", "/proc/latency_stats", "/proc/timer_stats");
    static final List<String> MASKED_DIRS = List.of("/proc/acpi", "/proc/scsi", "/sys/firmware");
    static final List<String> READ_ONLY = List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
            "/proc/sysrq-trigger");
    private static final long PROC_FLAGS = MS_NOSUID | MS_NODEV | MS_NOEXEC;

    private MountPlan() {}

    /**
     * @param spec          the container
     * @param isHostDir     whether a bind source on the host is a directory (else a file target is made)
     * @param hostCgroupV2  whether the host runs the unified cgroup hierarchy (then /sys/fs/cgroup is mounted)
     */
    public static List<MountOp> of(ContainerSpec spec, Predicate<String> isHostDir, boolean hostCgroupV2) {
        return of(spec, isHostDir, hostCgroupV2, null);
    }

    /**
     * @param consoleSource an OCI bundle's terminal: the host path of the pty slave (e.g. /dev/pts/3),
     *                      bound on /dev/console; our own -t containers make theirs in their devpts
     *                      after these mounts (PtyHandover)
     */
    public static List<MountOp> of(ContainerSpec spec, Predicate<String> isHostDir, boolean hostCgroupV2,
                                   String consoleSource) {
        return of(spec, isHostDir, hostCgroupV2, consoleSource, null);
    }

    /**
     * @param preparedTree where this stage 2 mounted {@link #preparedTree} while it waited, or null:
     *                     when {@link #canUsePreparedTree the container allows}, its /proc, /dev
     *                     and /sys are moved in from there instead of being mounted step by step
     */
    public static List<MountOp> of(ContainerSpec spec, Predicate<String> isHostDir, boolean hostCgroupV2,
                                   String consoleSource, String preparedTree) {
        if (spec.oci() != null) return OciMountPlan.of(spec, isHostDir, hostCgroupV2, consoleSource);
        List<MountOp> ops = new ArrayList<>();
        var rootfs = spec.rootfs();
        if (rootfs.isOverlay()) {
            ops.add(new MountOp.Overlay(rootfs.lowerDirs(), rootfs.upperDir(), rootfs.workDir(), rootfs.target()));
        } else {
            ops.add(new HostMount(rootfs.target(), rootfs.target(), null, MS_BIND | MS_REC, null));
        }
        ops.add(new MountOp.EnterRoot(rootfs.target()));

        boolean prepared = preparedTree != null && canUsePreparedTree(spec);
        boolean privileged = spec.hardening().privileged();
        if (prepared) {
            for (String dir : PREPARED_DIRS) ops.add(new MountOp.Move(preparedTree + dir, dir));
        } else {
            ops.add(new RootMount("proc", "/proc", "proc", PROC_FLAGS, null, Missing.CREATE_DIR));
            addDev(ops);
            addSys(ops, "host".equals(spec.network()), privileged);
        }
        // cgroup2 shows the cgroup namespace of its mounter: only stage 2's own after the release.
        if (hostCgroupV2) ops.add(new RootMount("cgroup2", "/sys/fs/cgroup", "cgroup2", sysFlags(privileged), null,
                Missing.SKIP));

        var etc = spec.etcFiles();
        if (etc != null) {
            bindFile(ops, etc.hostname(), "/etc/hostname");
            bindFile(ops, etc.hosts(), "/etc/hosts");
            bindFile(ops, etc.resolvConf(), "/etc/resolv.conf");
        }
        if (spec.mounts() != null) for (var m : spec.mounts()) addUserMount(ops, m, isHostDir);
        // After the user mounts, as runc: what is masked or read-only stays so under a user's mount.
        // (--privileged: as Docker, nothing of /proc masked or read-only.)
        if (!prepared && !privileged) addProtections(ops);
        ops.add(new MountOp.PivotRoot(rootfs.target()));
        if (spec.readOnly()) ops.add(new HostMount("none", "/", null, MS_BIND | MS_REMOUNT | MS_RDONLY, null));
        return ops;
    }

    /** What {@link #preparedTree} holds, each moved into a container whole. */
    static final List<String> PREPARED_DIRS = List.of("/proc", "/dev", "/sys");

    /**
     * What a waiting stage 2 mounts before its release ({@code dir}: an empty host directory that
     * its private mount namespace may cover): a small tmpfs there, and under it the /proc, /dev and
     * /sys every default container gets, masked and read-only paths included, so that a release
     * moves three mounts instead of making ~35 (~5 ms of interpreted system calls on a run's path).
     * proc, devpts, mqueue and sysfs show the namespaces of their mounter, which are already the
     * container's (pid, ipc, network); the cgroup namespace is not, so cgroup2 waits for the release.
     */
    public static List<MountOp> preparedTree(String dir) {
        List<MountOp> ops = new ArrayList<>();
        ops.add(new HostMount("tmpfs", dir, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=700,size=64k"));
        ops.add(new MountOp.EnterRoot(dir));
        ops.add(new RootMount("proc", "/proc", "proc", PROC_FLAGS, null, Missing.CREATE_DIR));
        addDev(ops);
        addSys(ops, false, false);
        addProtections(ops);
        return ops;
    }

    /**
     * Whether {@link #preparedTree} is this container's: its own network namespace, not privileged
     * (masks and read-only paths apply) and no user mount on or below /proc or /sys (the protections
     * come after those). Mounts below /dev (--shm-size, --device) go on top of the moved /dev as on a
     * fresh one.
     */
    static boolean canUsePreparedTree(ContainerSpec spec) {
        if (spec.oci() != null || spec.hardening().privileged() || "host".equals(spec.network())) return false;
        if (spec.mounts() != null) {
            for (var m : spec.mounts()) {
                String d = m.destination();
                if (d == null || under(d, "/proc") || under(d, "/sys")) return false;
            }
        }
        return true;
    }

    /** Whether {@code path}, as the kernel resolves it in the root ("//", "." and ".." too), is {@code dir} or below it. */
    private static boolean under(String path, String dir) {
        java.nio.file.Path p = java.nio.file.Path.of("/").resolve(path).normalize();
        return p.startsWith(dir);
    }

    private static void addProtections(List<MountOp> ops) {
        for (String path : MASKED_FILES) ops.add(new RootMount("/dev/null", path, null, MS_BIND, null, Missing.SKIP));
        for (String path : MASKED_DIRS) ops.add(new RootMount("tmpfs", path, "tmpfs", MS_RDONLY, null, Missing.SKIP));
        for (String path : READ_ONLY) {
            ops.add(new BindSelf(path, Missing.SKIP));
            ops.add(new Remount(path, MS_BIND | MS_REC | MS_RDONLY | PROC_FLAGS, Missing.SKIP));
        }
    }

    private static void addDev(List<MountOp> ops) {
        ops.add(new RootMount("tmpfs", "/dev", "tmpfs", MS_NOSUID | MS_STRICTATIME, "mode=755,size=65536k",
                Missing.CREATE_DIR));
        for (String d : DEVICES) ops.add(new RootMount("/dev/" + d, "/dev/" + d, null, MS_BIND, null, Missing.CREATE_FILE));
        ops.add(new RootMount("devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC,
                "newinstance,ptmxmode=0666,mode=0620,gid=5", Missing.CREATE_DIR));
        ops.add(new Symlink("pts/ptmx", "/dev/ptmx"));
        ops.add(new RootMount("shm", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=1777,size=65536k",
                Missing.CREATE_DIR));
        ops.add(new RootMount("mqueue", "/dev/mqueue", "mqueue", MS_NOSUID | MS_NODEV | MS_NOEXEC, null,
                Missing.CREATE_DIR));
        ops.add(new Symlink("/proc/self/fd", "/dev/fd"));
        ops.add(new Symlink("/proc/self/fd/0", "/dev/stdin"));
        ops.add(new Symlink("/proc/self/fd/1", "/dev/stdout"));
        ops.add(new Symlink("/proc/self/fd/2", "/dev/stderr"));
    }

    private static void addSys(List<MountOp> ops, boolean hostNetwork, boolean privileged) {
        if (hostNetwork) {
            // sysfs shows the network namespace of its mounter; without our own netns, show the host's.
            ops.add(new RootMount("/sys", "/sys", null, MS_BIND | MS_REC, null, Missing.CREATE_DIR));
            if (!privileged) ops.add(new Remount("/sys", MS_BIND | MS_REMOUNT | sysFlags(false), Missing.SKIP));
        } else {
            ops.add(new RootMount("sysfs", "/sys", "sysfs", sysFlags(privileged), null, Missing.CREATE_DIR));
        }
    }

    /** --privileged: /sys writable, as Docker. */
    private static long sysFlags(boolean privileged) {
        return (privileged ? 0 : MS_RDONLY) | PROC_FLAGS;
    }

    private static void bindFile(List<MountOp> ops, String hostFile, String containerPath) {
        if (hostFile != null) ops.add(new RootMount(hostFile, containerPath, null, MS_BIND, null, Missing.CREATE_FILE));
    }

    private static void addUserMount(List<MountOp> ops, dev.minidocker.runtime.spec.ContainerSpec.Mount m,
                                     Predicate<String> isHostDir) {
        List<String> options = m.options() == null ? List.of() : m.options();
        long extra = 0;
        List<String> data = new ArrayList<>();
        for (String o : options) {
            switch (o) {
                case "ro", "readonly" -> extra |= MS_RDONLY;
                case "rw", "bind", "rbind", "private", "rprivate" -> { }
                case "nosuid" -> extra |= MS_NOSUID;
                case "nodev" -> extra |= MS_NODEV;
                case "noexec" -> extra |= MS_NOEXEC;
                default -> data.add(o);
            }
        }
        switch (m.type()) {
            case "bind" -> {
                Missing kind = isHostDir.test(m.source()) ? Missing.CREATE_DIR : Missing.CREATE_FILE;
                ops.add(new RootMount(m.source(), m.destination(), null, MS_BIND | MS_REC, null, kind));
                if (extra != 0) ops.add(new Remount(m.destination(), MS_BIND | MS_REMOUNT | extra, Missing.SKIP));
            }
            case "tmpfs" -> ops.add(new RootMount("tmpfs", m.destination(), "tmpfs", extra | MS_NOSUID | MS_NODEV,
                    data.isEmpty() ? null : String.join(",", data), Missing.CREATE_DIR));
            default -> throw new IllegalArgumentException("unsupported mount type `" + m.type() + "` for "
                    + m.destination());
        }
    }
}
