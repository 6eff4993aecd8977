package dev.minidocker.runtime.process;

import dev.minidocker.linux.LinuxMountSyscalls;
import dev.minidocker.linux.SyscallException;
import dev.minidocker.runtime.spec.ContainerStartException;
import java.util.List;

import static dev.minidocker.linux.MountSyscalls.*;

/**
 * Makes the host files a stage 2 JVM runs from read-only for the container (the CVE-2019-5736
 * class). Stage 2 execve's the container's command, so until then (and with --init for the
 * container's whole life) the container can reach the host's java through /proc/PID/exe, and the
 * JDK's files, the jar and the AOT cache through /proc/PID/fd; a `#!/proc/self/exe` command even
 * re-executes that java inside the container. runc answers with a read-only or sealed copy of its
 * binary; a JVM needs its whole java.home, so here the thread that spawns stage 2, already in its
 * own new mount namespace, binds each of those paths onto itself read-only first. The kernel keeps
 * the mount of the exe and of every opened file: reopening any of them for writing, even after the
 * container's pivot_root has detached the old root, fails with EROFS.
 *
 * <p>Nothing may propagate to the host: the namespace's mounts are made private first (before,
 * stage 2 did that as its first mount; it no longer repeats it).
 */
final class ReadOnlyRuntime {
    /** The flags a bind remount would otherwise reset (ST_ and MS_ values are the same for these). */
    private static final long KEPT_FLAGS = MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_NOATIME | MS_NODIRATIME;

    private ReadOnlyRuntime() {}

    /**
     * For the calling thread, which must have just unshared CLONE_NEWNS: every mount private, then
     * each of {@code paths} (directories or files) bound onto itself and remounted read-only.
     */
    static void seal(List<String> paths) {
        LinuxMountSyscalls sys = new LinuxMountSyscalls();
        try {
            sys.mount("none", "/", null, MS_REC | MS_PRIVATE, null);
        } catch (SyscallException e) {
            throw new ContainerStartException("making the container's mount namespace private: " + e.getMessage(), e);
        }
        for (String path : paths) {
            try {
                sys.mount(path, path, null, MS_BIND | MS_REC, null);
                sys.mount("none", path, null, MS_BIND | MS_REMOUNT | MS_RDONLY | (sys.mountFlags(path) & KEPT_FLAGS), null);
            } catch (SyscallException e) {
                throw new ContainerStartException("making " + path + " read-only for the container: " + e.getMessage(), e);
            }
        }
    }
}
