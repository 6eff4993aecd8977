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
 * The mounts of an OCI bundle's container ({@link ContainerSpec#oci()} set), in runc's order: the
 * root, the bundle's mounts as listed, the default devices and /dev links, /dev/console, the masked
 * and read-only paths, pivot_root, a read-only root. Pure, like {@link MountPlan}.
 */
final class OciMountPlan {
    private static final long MS_SHARED = 1 << 20, MS_SLAVE = 1 << 19, MS_UNBINDABLE = 1 << 17, MS_RELATIME = 1 << 21,
            MS_SYNCHRONOUS = 16, MS_DIRSYNC = 128, MS_MANDLOCK = 64;

    private OciMountPlan() {}

    static List<MountOp> of(ContainerSpec spec, Predicate<String> isHostDir, boolean hostCgroupV2, String consoleSource) {
        List<MountOp> ops = new ArrayList<>();
        String root = spec.rootfs().target();
        ops.add(new HostMount(root, root, null, MS_BIND | MS_REC, null));
        ops.add(new MountOp.EnterRoot(root));
        for (ContainerSpec.Mount m : spec.mounts()) add(ops, m, isHostDir, hostCgroupV2);
        for (String d : MountPlan.DEVICES) {
            ops.add(new RootMount("/dev/" + d, "/dev/" + d, null, MS_BIND, null, Missing.CREATE_FILE));
        }
        ops.add(new Symlink("pts/ptmx", "/dev/ptmx"));
        ops.add(new Symlink("/proc/self/fd", "/dev/fd"));
        ops.add(new Symlink("/proc/self/fd/0", "/dev/stdin"));
        ops.add(new Symlink("/proc/self/fd/1", "/dev/stdout"));
        ops.add(new Symlink("/proc/self/fd/2", "/dev/stderr"));
        if (consoleSource != null) {
            ops.add(new RootMount(consoleSource, "/dev/console", null, MS_BIND, null, Missing.CREATE_FILE));
        }
        var oci = spec.oci();
        for (String path : oci.maskedPaths() == null ? List.<String>of() : oci.maskedPaths()) {
            // A directory gets an empty read-only tmpfs, a file /dev/null: decided when the path is seen.
            ops.add(new MountOp.Mask(path));
        }
        for (String path : oci.readonlyPaths() == null ? List.<String>of() : oci.readonlyPaths()) {
            ops.add(new BindSelf(path, Missing.SKIP));
            ops.add(new Remount(path, MS_BIND | MS_REC | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, Missing.SKIP));
        }
        ops.add(new MountOp.PivotRoot(root));
        if (spec.readOnly()) ops.add(new HostMount("none", "/", null, MS_BIND | MS_REMOUNT | MS_RDONLY, null));
        return ops;
    }

    private static void add(List<MountOp> ops, ContainerSpec.Mount m, Predicate<String> isHostDir, boolean hostCgroupV2) {
        long flags = 0, propagation = 0;
        boolean bind = "bind".equals(m.type()), recursive = false;
        List<String> data = new ArrayList<>();
        for (String o : m.options() == null ? List.<String>of() : m.options()) {
            switch (o) {
                case "bind" -> bind = true;
                case "rbind" -> { bind = true; recursive = true; }
                case "ro" -> flags |= MS_RDONLY;
                case "rw", "suid", "dev", "exec", "async", "atime", "diratime", "norelatime", "loud", "nomand" -> { }
                case "nosuid" -> flags |= MS_NOSUID;
                case "nodev" -> flags |= MS_NODEV;
                case "noexec" -> flags |= MS_NOEXEC;
                case "sync" -> flags |= MS_SYNCHRONOUS;
                case "dirsync" -> flags |= MS_DIRSYNC;
                case "mand" -> flags |= MS_MANDLOCK;
                case "noatime" -> flags |= MS_NOATIME;
                case "nodiratime" -> flags |= MS_NODIRATIME;
                case "relatime" -> flags |= MS_RELATIME;
                case "strictatime" -> flags |= MS_STRICTATIME;
                case "private" -> propagation = MS_PRIVATE;
                case "rprivate" -> propagation = MS_PRIVATE | MS_REC;
                case "shared" -> propagation = MS_SHARED;
                case "rshared" -> propagation = MS_SHARED | MS_REC;
                case "slave" -> propagation = MS_SLAVE;
                case "rslave" -> propagation = MS_SLAVE | MS_REC;
                case "unbindable" -> propagation = MS_UNBINDABLE;
                case "runbindable" -> propagation = MS_UNBINDABLE | MS_REC;
                default -> data.add(o);
            }
        }
        String options = data.isEmpty() ? null : String.join(",", data);
        if (bind) {
            Missing kind = isHostDir.test(m.source()) ? Missing.CREATE_DIR : Missing.CREATE_FILE;
            ops.add(new RootMount(m.source(), m.destination(), null, MS_BIND | (recursive ? MS_REC : 0), null, kind));
            // Bind flags other than MS_BIND|MS_REC take effect only on a remount.
            long remount = flags & ~(MS_RELATIME | MS_STRICTATIME);
            if (remount != 0) ops.add(new Remount(m.destination(), MS_BIND | remount, Missing.SKIP));
        } else if ("cgroup".equals(m.type()) && !hostCgroupV2) {
            // cgroup v1: an empty read-only tmpfs where the hierarchies would be (their binds are not made).
            ops.add(new RootMount("tmpfs", m.destination(), "tmpfs", flags | MS_NOSUID | MS_NODEV | MS_NOEXEC,
                    "mode=755", Missing.CREATE_DIR));
        } else {
            String type = "cgroup".equals(m.type()) ? "cgroup2" : m.type();
            if (type == null || type.isEmpty()) throw new IllegalArgumentException("mount " + m.destination() + " has no type");
            ops.add(new RootMount(m.source() == null ? type : m.source(), m.destination(), type, flags, options,
                    Missing.CREATE_DIR));
        }
        if (propagation != 0) ops.add(new RootMount("none", m.destination(), null, propagation, null, Missing.SKIP));
    }
}
