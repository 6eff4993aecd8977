package dev.minidocker.linux.cgroup;

import dev.minidocker.linux.MountTable;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where this host mounts its cgroup hierarchies, read from /proc/self/mountinfo.
 *
 * @param unified the cgroup2 mount point, or null
 * @param v1      v1 controller name -> mount point (co-mounted controllers share one path)
 */
public record CgroupMounts(Path unified, Map<String, Path> v1) {
    public static final Path DEFAULT_ROOT = Path.of("/sys/fs/cgroup");
    /** The v1 controllers mini-docker uses; others (net_cls, name=systemd...) are ignored. */
    static final Set<String> V1_CONTROLLERS =
            Set.of("cpu", "cpuacct", "cpuset", "memory", "pids", "freezer", "devices");

    public CgroupMounts {
        v1 = Map.copyOf(v1);
    }

    /**
     * Pure v2 when cgroup2 is mounted on /sys/fs/cgroup itself; otherwise v1 when any v1 controller
     * we use is mounted (legacy and hybrid hosts); otherwise v2 wherever cgroup2 is, if anywhere.
     */
    public String version() {
        if (unified != null && unified.equals(DEFAULT_ROOT)) return "v2";
        if (!v1.isEmpty()) return "v1";
        return unified != null ? "v2" : "none";
    }

    /** From mountinfo lines (proc(5)), as {@link MountTable} reads them. */
    public static CgroupMounts parse(List<String> mountinfo) {
        Path unified = null;
        Map<String, Path> v1 = new LinkedHashMap<>();
        for (MountTable.Mount m : MountTable.parse(mountinfo).mounts()) {
            Path mountPoint = Path.of(m.mountPoint());
            if (m.fsType().equals("cgroup2")) {
                // Prefer /sys/fs/cgroup if cgroup2 is mounted there; else the first one seen.
                if (unified == null || mountPoint.equals(DEFAULT_ROOT)) unified = mountPoint;
            } else if (m.fsType().equals("cgroup")) {
                for (String option : m.superOptions().split(",")) {
                    if (V1_CONTROLLERS.contains(option)) v1.putIfAbsent(option, mountPoint);
                }
            }
        }
        return new CgroupMounts(unified, v1);
    }
}
