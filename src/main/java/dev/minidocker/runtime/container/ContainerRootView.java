package dev.minidocker.runtime.container;

import static dev.minidocker.linux.MountSyscalls.MS_PRIVATE;
import static dev.minidocker.linux.MountSyscalls.MS_RDONLY;
import static dev.minidocker.linux.MountSyscalls.MS_REC;

import dev.minidocker.MiniDockerException;
import dev.minidocker.linux.FileFlags;
import dev.minidocker.linux.LinuxFileSyscalls;
import dev.minidocker.linux.LinuxMountSyscalls;
import dev.minidocker.linux.NamespaceSyscalls;
import dev.minidocker.linux.PidFd;
import dev.minidocker.linux.ProcessSyscalls;
import dev.minidocker.linux.SyscallException;
import dev.minidocker.state.ContainerState;
import dev.minidocker.state.ContainerStore;
import dev.minidocker.state.NoSuchContainerException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A container's root file system as a directory descriptor, for export and cp. Every path inside
 * it is resolved with openat2 RESOLVE_IN_ROOT against this descriptor, so a symlink in the
 * container ("/etc", "../../..") resolves inside the container, never on the host (the
 * CVE-2018-15664 class: Docker resolved such paths in the daemon's view of the root).
 *
 * <p>Two ways to get it, and nothing is mounted in the host's namespace by either:
 * <ul>
 * <li>{@link #live}: a running container's own view, {@code /proc/PID/root} (its volumes and
 *     tmpfs mounts included, as {@code docker cp} sees them); the pid is checked through a pidfd
 *     against the recorded start time, so a reused pid is never entered.</li>
 * <li>{@link #mounted}: a fresh overlay of the image layers and the container's upper dir,
 *     mounted by a throwaway thread in a mount namespace of its own. The thread opens the root and
 *     ends; the namespace dies with it, the kernel detaches its mounts, and the open descriptor
 *     keeps the overlay alive until {@link #close()} (lazy-unmount semantics). Read-only: the upper
 *     dir is the top lower layer (export, cp out, a running container's layers); writable: the
 *     upper dir is the upper dir again (cp into a stopped container).</li>
 * </ul>
 */
public final class ContainerRootView implements AutoCloseable {
    private static final int MAX_ATTEMPTS = 20;
    private final int fd;

    private ContainerRootView(int fd) {
        this.fd = fd;
    }

    /** The descriptor (O_PATH, a directory); valid until close. */
    public int fd() {
        return fd;
    }

    /** A path through which the root can be opened by name (for tools that take a Path). */
    public Path path() {
        return Path.of("/proc/self/fd/" + fd);
    }

    /** A plain root directory (a container run with -r DIR). */
    public static ContainerRootView directory(Path dir) {
        return new ContainerRootView(new LinuxMountSyscalls().openDirectory(dir.toString()));
    }

    /** A running container's view; empty when it is not running (then use {@link #mounted}). */
    public static java.util.Optional<ContainerRootView> live(ContainerStore store, String id) {
        ContainerState s = store.state(id).orElseThrow(() -> new NoSuchContainerException(id));
        if (!Liveness.isRunning(s)) return java.util.Optional.empty();
        OptionalInt pidfd = PidFd.open(s.pid(), s.startTime());
        if (pidfd.isEmpty()) return java.util.Optional.empty();
        try {
            int root = new LinuxMountSyscalls().openDirectory("/proc/" + s.pid() + "/root");
            // the pid still names the same process only if its pidfd has not exited meanwhile
            if (PidFd.awaitExit(pidfd.getAsInt(), 0)) {
                ProcessSyscalls.close(root);
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(new ContainerRootView(root));
        } finally {
            ProcessSyscalls.close(pidfd.getAsInt());
        }
    }

    /**
     * A fresh overlay of the container's file system.
     *
     * @param lowerDirs the image's layer dirs, top-most first
     * @param writable  whether writes go to the container's upper dir
     */
    public static ContainerRootView mounted(ContainerStore store, String id, List<String> lowerDirs, boolean writable) {
        Path dir = store.containerDir(id);
        Path upper = dir.resolve("upper"), work = dir.resolve("work"), target = dir.resolve("merged");
        if (!Files.isDirectory(upper)) throw new MiniDockerException("container " + id + " has no file system (removed?)");
        String options;
        if (writable) {
            options = "lowerdir=" + String.join(":", lowerDirs) + ",upperdir=" + upper + ",workdir=" + work;
        } else {
            List<String> layers = new ArrayList<>();
            layers.add(upper.toString());
            layers.addAll(lowerDirs);
            options = "lowerdir=" + String.join(":", layers);
        }
        AtomicReference<Object> result = new AtomicReference<>();
        String mountOptions = options;
        Thread t = Thread.ofPlatform().name("rootfs-" + id.substring(0, Math.min(12, id.length()))).unstarted(new Runnable() {
            @Override
            public void run() {
                try {
                    NamespaceSyscalls.unshare(NamespaceSyscalls.CLONE_NEWNS);
                    LinuxMountSyscalls sys = new LinuxMountSyscalls();
                    sys.mount("none", "/", null, MS_REC | MS_PRIVATE, null);
                    sys.mount("overlay", target.toString(), "overlay", writable ? 0 : MS_RDONLY, mountOptions);
                    result.set(sys.openDirectory(target.toString()));
                } catch (RuntimeException e) {
                    result.set(e);
                }
            }
        });
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MiniDockerException("interrupted while mounting the file system of container " + id);
        }
        if (result.get() instanceof RuntimeException e) {
            throw new MiniDockerException("mount the file system of container " + id + ": " + e.getMessage(), e);
        }
        return new ContainerRootView((Integer) result.get());
    }

    /**
     * {@code containerPath} resolved inside the root (RESOLVE_IN_ROOT: symlinks and ".." stay in
     * it), as an O_PATH descriptor the caller closes; a SyscallException (ENOENT...) when missing.
     */
    public int resolve(String containerPath) {
        String rel = containerPath.replaceAll("^/+", "");
        if (rel.isEmpty()) rel = ".";
        LinuxFileSyscalls sys = new LinuxFileSyscalls();
        for (int attempt = 1; ; attempt++) {
            try {
                return sys.openat2(fd, rel, FileFlags.O_PATH | FileFlags.O_CLOEXEC, 0,
                        FileFlags.RESOLVE_IN_ROOT | FileFlags.RESOLVE_NO_MAGICLINKS);
            } catch (SyscallException e) {
                // EAGAIN: a mount or rename elsewhere raced a ".." step; the kernel asks us to retry
                if (e.errno() != dev.minidocker.linux.Errno.EAGAIN) throw e;
                if (attempt == MAX_ATTEMPTS) return InRootResolver.resolve(fd, rel);
            }
        }
    }

    /** Like {@link #resolve} but an absent path is empty rather than an error. */
    public OptionalInt find(String containerPath) {
        try {
            return OptionalInt.of(resolve(containerPath));
        } catch (SyscallException e) {
            if (e.errno() == dev.minidocker.linux.Errno.ENOENT || e.errno() == dev.minidocker.linux.Errno.ENOTDIR) {
                return OptionalInt.empty();
            }
            throw e;
        }
    }

    @Override
    public void close() {
        ProcessSyscalls.close(fd);
    }
}
