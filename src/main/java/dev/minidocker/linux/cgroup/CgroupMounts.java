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

    /** Parses mountinfo lines (proc(5)): "... mountpoint opts [optional...] - fstype source superopts". */
    public static CgroupMounts parse(List<String> mountinfo) {
        Path unified = null;
        Map<String, Path> v1 = new LinkedHashMap<>();
        for (String line : mountinfo) {
            String[] f = line.trim().split(" ");
            int dash = List.of(f).indexOf("-");
            if (dash < 6 || f.length < dash + 4) continue;
            String fstype = f[dash + 1];
            Path mountPoint = Path.of(MountTable.unescape(f[4]));
            if (fstype.equals("cgroup2")) {
                // Prefer /sys/fs/cgroup if cgroup2 is mounted there; else the first one seen.
                if (unified == null || mountPoint.equals(DEFAULT_ROOT)) unified = mountPoint;
            } else if (fstype.equals("cgroup")) {
                for (String option : f[dash + 3].split(",")) {
                    if (V1_CONTROLLERS.contains(option)) v1.putIfAbsent(option, mountPoint);
                }
            }
        }
        return new CgroupMounts(unified, v1);
    }
}
