package dev.minidocker.linux.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Picking v1 or v2 from mountinfo as real hosts write it. */
class CgroupMountsTest {
    /** This build machine: v1 controllers plus an almost empty cgroup2 on .../unified. */
    static final List<String> HYBRID = List.of(
            "22 1 253:0 / / rw,relatime - ext4 /dev/vda rw",
            "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755",
            "32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu",
            "33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct",
            "34 31 0:31 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset",
            "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory",
            "36 31 0:33 / /sys/fs/cgroup/devices rw,relatime - cgroup cgroup rw,devices",
            "37 31 0:34 / /sys/fs/cgroup/freezer rw,relatime - cgroup cgroup rw,freezer",
            "39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids",
            "40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd",
            "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw");
    /** Debian 12 / any systemd >= 247 host. */
    static final List<String> PURE_V2 = List.of(
            "24 30 0:22 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw",
            "29 24 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 "
                    + "rw,nsdelegate,memory_recursiveprot");
    /** Older systemd (Debian 10, CentOS 7): cpu and cpuacct co-mounted, optional fields present. */
    static final List<String> LEGACY = List.of(
            "25 18 0:21 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:8 - tmpfs tmpfs ro,mode=755",
            "30 25 0:26 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid shared:12 master:3 - cgroup cgroup rw,cpu,cpuacct",
            "31 25 0:27 / /sys/fs/cgroup/memory rw,nosuid shared:13 - cgroup cgroup rw,memory",
            "32 25 0:28 / /sys/fs/cgroup/net_cls,net_prio rw shared:14 - cgroup cgroup rw,net_cls,net_prio");

    @Test
    void hybridIsV1WithEachControllersMount() {
        CgroupMounts m = CgroupMounts.parse(HYBRID);
        assertEquals("v1", m.version());
        assertEquals(Path.of("/sys/fs/cgroup/unified"), m.unified());
        assertEquals(Map.of("cpu", Path.of("/sys/fs/cgroup/cpu"), "cpuacct", Path.of("/sys/fs/cgroup/cpuacct"),
                "cpuset", Path.of("/sys/fs/cgroup/cpuset"), "memory", Path.of("/sys/fs/cgroup/memory"),
                "freezer", Path.of("/sys/fs/cgroup/freezer"), "pids", Path.of("/sys/fs/cgroup/pids"),
                "devices", Path.of("/sys/fs/cgroup/devices")), m.v1());
        assertInstanceOf(V1CgroupManager.class, CgroupManager.forMounts(m, CgroupFs.real(), 2));
    }

    @Test
    void cgroup2OnSysFsCgroupIsV2() {
        CgroupMounts m = CgroupMounts.parse(PURE_V2);
        assertEquals("v2", m.version());
        assertEquals(Map.of(), m.v1());
        CgroupManager manager = CgroupManager.forMounts(m, CgroupFs.real(), 2);
        assertInstanceOf(V2CgroupManager.class, manager);
        assertEquals("v2", manager.version());
    }

    @Test
    void legacyCoMountedControllersShareOnePath() {
        CgroupMounts m = CgroupMounts.parse(LEGACY);
        assertEquals("v1", m.version());
        assertNull(m.unified());
        assertEquals(Path.of("/sys/fs/cgroup/cpu,cpuacct"), m.v1().get("cpu"));
        assertEquals(Path.of("/sys/fs/cgroup/cpu,cpuacct"), m.v1().get("cpuacct"));
        assertEquals(3, m.v1().size());
    }

    @Test
    void cgroup2ElsewhereWithoutV1IsV2ThereAndNothingIsAnError() {
        CgroupMounts m = CgroupMounts.parse(List.of(
                "50 1 0:40 / /run/my\\040cgroup rw - cgroup2 none rw"));
        assertEquals("v2", m.version());
        assertEquals(Path.of("/run/my cgroup"), m.unified());
        CgroupMounts none = CgroupMounts.parse(List.of("22 1 253:0 / / rw,relatime - ext4 /dev/vda rw", "garbage"));
        assertEquals("none", none.version());
        CgroupException e = assertThrows(CgroupException.class,
                () -> CgroupManager.forMounts(none, CgroupFs.real(), 2));
        assertEquals("no cgroup filesystem is mounted (none found in /proc/self/mountinfo)", e.getMessage());
    }
}
