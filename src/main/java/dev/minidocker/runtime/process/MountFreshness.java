package dev.minidocker.runtime.process;

import dev.minidocker.linux.MountTable;
import dev.minidocker.runtime.spec.ContainerSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Whether a waiting stage 2's mounts still serve a container. Its mount namespace is a private
 * copy of the host's, taken when it was spawned: a host mount made since is missing from it, one
 * unmounted since is still there. That matters only on the host paths stage 2 reads before
 * pivot_root: the image's layers and the container's directory, the bind sources, /dev (its device
 * nodes), /proc and /sys/fs/cgroup. Another engine's container roots mounted and unmounted
 * elsewhere meanwhile (podman's, on every run) do not make it stale.
 */
final class MountFreshness {
    /** What stage 2 uses of the host besides the spec's own paths. */
    static final List<String> HOST_PATHS = List.of("/dev", "/proc", "/sys/fs/cgroup");

    private MountFreshness() {}

    /**
     * {@code atSpawn} and {@code now}: the host's /proc/self/mountinfo just before stage 2 was
     * spawned, and now; {@code copy}: stage 2's own (/proc/PID/mountinfo), read only when the
     * host's changed since (null: unreadable, so stale). The copy, not the host's table at spawn:
     * a mount made while it was being spawned may or may not be in it.
     */
    static boolean fresh(byte[] atSpawn, byte[] now, Supplier<byte[]> copy, ContainerSpec spec) {
        if (atSpawn == null || now == null) return false;
        if (Arrays.equals(atSpawn, now)) return true;
        byte[] theirs = copy.get();
        if (theirs == null) return false;
        MountTable stage2 = MountTable.parse(theirs), host = MountTable.parse(now);
        for (String path : hostPaths(spec)) {
            if (!stage2.sameFor(host, path)) return false;
        }
        return true;
    }

    /** The host paths {@code spec}'s stage 2 uses, without symlinks where they exist. */
    static List<String> hostPaths(ContainerSpec spec) {
        List<String> paths = new ArrayList<>(HOST_PATHS);
        ContainerSpec.RootFs rootfs = spec.rootfs();
        if (rootfs != null) {
            if (rootfs.lowerDirs() != null) paths.addAll(rootfs.lowerDirs());
            paths.add(rootfs.upperDir());
            paths.add(rootfs.workDir());
            paths.add(rootfs.target());
        }
        ContainerSpec.EtcFiles etc = spec.etcFiles();
        if (etc != null) {
            paths.add(etc.hostname());
            paths.add(etc.hosts());
            paths.add(etc.resolvConf());
        }
        if (spec.mounts() != null) {
            for (ContainerSpec.Mount m : spec.mounts()) if ("bind".equals(m.type())) paths.add(m.source());
        }
        List<String> real = new ArrayList<>();
        for (String p : paths) if (p != null && p.startsWith("/")) real.add(realPath(p));
        return real;
    }

    /** Its symlinks resolved, or as given if it does not exist (then the start itself fails on it). */
    private static String realPath(String path) {
        try {
            return Path.of(path).toRealPath().toString();
        } catch (IOException | RuntimeException e) {
            return path;
        }
    }
}
