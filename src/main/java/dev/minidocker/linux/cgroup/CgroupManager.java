package dev.minidocker.linux.cgroup;

import dev.minidocker.linux.BpfSyscalls;
import dev.minidocker.model.Resources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Creates and finds the cgroups of containers: {@code minidocker/<containerId>} under the cgroup
 * root (v2) or under each controller's hierarchy (v1). {@link #detect()} picks the version this
 * host uses; the implementations take their roots as arguments so tests can point them at a fake.
 */
public interface CgroupManager {
    /** The parent cgroup of all containers, directly under each root. */
    String PARENT = "minidocker";

    /**
     * Creates {@code minidocker/<containerId>} and applies {@code limits}. A limit this host cannot
     * apply is a CgroupException with a one-line message; on failure nothing is left behind.
     */
    Cgroup create(String containerId, Resources limits);

    /** The container's cgroup if it exists (for rm, stats, inspect). */
    Optional<Cgroup> open(String containerId);

    /**
     * The cgroup.procs files of the cgroups this process runs in, in the hierarchies a container's
     * {@link Cgroup#procsFiles()} covers, from the text of /proc/self/cgroup.
     */
    List<Path> ownProcsFiles(String procSelfCgroup);

    /** {@link #ownProcsFiles(String)} of this process. */
    default List<Path> ownProcsFiles() {
        try {
            return ownProcsFiles(Files.readString(Path.of("/proc/self/cgroup")));
        } catch (IOException e) {
            throw new CgroupException("read /proc/self/cgroup: " + CgroupTree.reason(e), e);
        }
    }

    /** Where a /proc/PID/cgroup path lies below a hierarchy's mount point. */
    static Path below(Path mount, String cgroupPath) {
        String relative = cgroupPath.startsWith("/") ? cgroupPath.substring(1) : cgroupPath;
        if (relative.contains("..")) throw new CgroupException("unexpected cgroup path " + cgroupPath);
        return (relative.isEmpty() ? mount : mount.resolve(relative)).resolve("cgroup.procs");
    }

    /** "v1" or "v2". */
    String version();

    /** The manager for this host, from /proc/self/mountinfo. */
    static CgroupManager detect() {
        try {
            return forMounts(CgroupMounts.parse(Files.readAllLines(Path.of("/proc/self/mountinfo"))),
                    CgroupFs.real(), Runtime.getRuntime().availableProcessors());
        } catch (IOException e) {
            throw new CgroupException("read /proc/self/mountinfo: " + CgroupTree.reason(e), e);
        }
    }

    /** The manager for the given mounts: pure v2 when /sys/fs/cgroup is cgroup2, else v1 if mounted. */
    static CgroupManager forMounts(CgroupMounts mounts, CgroupFs fs, int hostCpus) {
        return switch (mounts.version()) {
            case "v2" -> new V2CgroupManager(mounts.unified(), fs, hostCpus, BpfSyscalls.real());
            case "v1" -> new V1CgroupManager(mounts.v1(), fs, hostCpus);
            default -> throw new CgroupException(
                    "no cgroup filesystem is mounted (none found in /proc/self/mountinfo)");
        };
    }

    /** Container ids become directory names: one safe path component, nothing else. */
    static String checkId(String containerId) {
        if (containerId == null || !ID.matcher(containerId).matches()) {
            throw new CgroupException("invalid container id for a cgroup name: " + containerId);
        }
        return containerId;
    }

    /** A parent path below the roots: relative, no "..", no empty or dot components. */
    static String checkParent(String parent) {
        if (parent == null || parent.isEmpty() || parent.startsWith("/") || parent.endsWith("/")) {
            throw new CgroupException("invalid cgroup parent: " + parent);
        }
        for (String part : parent.split("/")) {
            if (!ID.matcher(part).matches()) throw new CgroupException("invalid cgroup parent: " + parent);
        }
        return parent;
    }

    /** {@link #detect()} with containers under {@code parent} (an OCI bundle's cgroupsPath) instead of {@link #PARENT}. */
    static CgroupManager detect(String parent) {
        try {
            CgroupMounts mounts = CgroupMounts.parse(Files.readAllLines(Path.of("/proc/self/mountinfo")));
            int cpus = Runtime.getRuntime().availableProcessors();
            return switch (mounts.version()) {
                case "v2" -> new V2CgroupManager(mounts.unified(), CgroupFs.real(), cpus, BpfSyscalls.real(), parent);
                case "v1" -> new V1CgroupManager(mounts.v1(), CgroupFs.real(), cpus, parent);
                default -> throw new CgroupException(
                        "no cgroup filesystem is mounted (none found in /proc/self/mountinfo)");
            };
        } catch (IOException e) {
            throw new CgroupException("read /proc/self/mountinfo: " + CgroupTree.reason(e), e);
        }
    }

    Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
}
