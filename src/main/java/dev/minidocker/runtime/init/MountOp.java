package dev.minidocker.runtime.init;

import java.util.List;

/**
 * One step of a container's mount set-up. Paths named {@code containerPath} are resolved inside
 * the root filesystem by {@link MountExecutor} (never through a symlink out of it); the others
 * are host paths, used before the root is entered.
 */
public sealed interface MountOp {

    /** What to do when a container path does not exist. */
    enum Missing { CREATE_DIR, CREATE_FILE, SKIP }

    /** mount(2) on a host path. */
    record HostMount(String source, String target, String fstype, long flags, String data) implements MountOp {}

    /** The overlay root: lowerdir top-most first; long lists go through short fd names. */
    record Overlay(List<String> lowerDirs, String upperDir, String workDir, String target) implements MountOp {}

    /** From here on, container paths resolve beneath this (now mounted) root. */
    record EnterRoot(String target) implements MountOp {}

    /** mount(2) onto a container path; {@code source} is a host path for binds, a name otherwise. */
    record RootMount(String source, String containerPath, String fstype, long flags, String data, Missing missing)
            implements MountOp {}

    /** Binds a container path onto itself (the first half of making it read-only). */
    record BindSelf(String containerPath, Missing missing) implements MountOp {}

    /** MS_REMOUNT of what is mounted at a container path, e.g. MS_BIND|MS_RDONLY. */
    record Remount(String containerPath, long flags, Missing missing) implements MountOp {}

    /** Hides a container path: /dev/null over a file, an empty read-only tmpfs over a directory; skipped if missing. */
    record Mask(String containerPath) implements MountOp {}

    record Symlink(String linkTarget, String containerPath) implements MountOp {}

    /**
     * MS_MOVE of the mount at host path {@code source}, with everything mounted below it, onto a
     * container path: a tree stage 2 prepared while it waited ({@link MountPlan#preparedTree}).
     */
    record Move(String source, String containerPath) implements MountOp {}

    /** chdir(root); pivot_root(".", "."); umount2(".", MNT_DETACH); chdir("/"), as runc does. */
    record PivotRoot(String target) implements MountOp {}
}
