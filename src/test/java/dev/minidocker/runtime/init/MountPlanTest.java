package dev.minidocker.runtime.init;

import dev.minidocker.runtime.spec.ContainerSpec;
import dev.minidocker.runtime.spec.ContainerStartException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The mount plan, executed against a recording fake: no root needed. */
class MountPlanTest {
    private static final String ROOT = "/var/lib/minidocker/containers/c1/merged";

    static ContainerSpec spec(List<String> lowers, boolean readOnly, List<ContainerSpec.Mount> mounts, String network) {
        var rootfs = lowers.isEmpty() ? new ContainerSpec.RootFs(List.of(), null, null, "/srv/rootfs")
                : new ContainerSpec.RootFs(lowers, "/c/upper", "/c/work", ROOT);
        return new ContainerSpec("c1", "h", List.of("sh"), List.of(), "/", null, rootfs, readOnly, mounts, network,
                false, false, null, new ContainerSpec.EtcFiles("/c/hostname", null, "/c/resolv.conf"));
    }

    static List<String> execute(ContainerSpec spec, RecordingMountSyscalls sys) {
        new MountExecutor(sys).run(MountPlan.of(spec, path -> !path.endsWith(".sock"), true));
        assertEquals(0, sys.openFds(), "descriptors leaked by the executor");
        return sys.calls;
    }

    @Test
    void overlayWithShortLowerdirIsMountedDirectly() {
        var calls = execute(spec(List.of("/l/top", "/l/base"), false, List.of(), "none"), new RecordingMountSyscalls());
        // The first mount: the launcher made the namespace private before it spawned stage 2 (ReadOnlyRuntime).
        assertEquals("mount overlay " + ROOT + " overlay 0x0 lowerdir=/l/top:/l/base,upperdir=/c/upper,workdir=/c/work",
                calls.get(0));
        assertTrue(calls.stream().noneMatch(c -> c.startsWith("mount none / ")), "no propagation change twice: " + calls);
    }

    @Test
    void hundredThirtyLayersGoThroughShortFdNames() {
        List<String> lowers = new ArrayList<>();
        for (int i = 0; i < 130; i++) lowers.add("/var/lib/minidocker/layers/" + String.format("%064x", i) + "/diff");
        var sys = new RecordingMountSyscalls();
        var calls = execute(spec(lowers, false, List.of(), "none"), sys);
        int chdir = calls.indexOf("chdir /proc/self/fd");
        assertTrue(chdir >= 0, calls.toString());
        String mount = calls.get(chdir + 1);
        assertTrue(mount.startsWith("mount overlay " + ROOT + " overlay 0x0 lowerdir="), mount);
        String data = mount.substring(mount.indexOf("lowerdir="));
        assertTrue(data.length() < 4000, "options must fit a page: " + data.length());
        String[] names = data.substring("lowerdir=".length(), data.indexOf(",upperdir=")).split(":");
        assertEquals(130, names.length);
        for (int i = 0; i < 130; i++) assertEquals(lowers.get(i), sys.pathOfFd(Integer.parseInt(names[i])), "order of layer " + i);
        assertEquals("chdir /", calls.get(chdir + 2));
    }

    @Test
    void plainRootfsIsBoundOntoItselfThenPivoted() {
        var calls = execute(spec(List.of(), true, List.of(), "none"), new RecordingMountSyscalls());
        assertEquals("mount /srv/rootfs /srv/rootfs null 0x5000 null", calls.get(0)); // MS_BIND|MS_REC
        int pivot = calls.indexOf("pivot_root . .");
        assertEquals("chdir /srv/rootfs", calls.get(pivot - 1));
        assertEquals(List.of("umount2 . 2", "chdir /", "mount none / null 0x1021 null"), // BIND|REMOUNT|RDONLY
                calls.subList(pivot + 1, calls.size()));
    }

    @Test
    void privilegedHasNoMasksNoReadOnlyPathsAndAWritableSys() {
        var privileged = spec(List.of("/l"), false, List.of(), "none").withHardening(
                new dev.minidocker.runtime.spec.Hardening(null, false, List.of(), List.of(), List.of(), true));
        var calls = execute(privileged, new RecordingMountSyscalls());
        assertTrue(calls.contains("mount sysfs fd(/sys) sysfs 0xe null"), calls.toString()); // nosuid,nodev,noexec; not ro
        assertTrue(calls.stream().noneMatch(c -> c.contains("kcore") || c.contains("fd(/proc/sys)") || c.contains("/proc/acpi")),
                calls.toString());
    }

    @Test
    void systemMountsMasksAndReadOnlyPaths() {
        var calls = execute(spec(List.of("/l"), false, List.of(), "none"), new RecordingMountSyscalls());
        assertTrue(calls.contains("mount proc fd(/proc) proc 0xe null"));
        assertTrue(calls.contains("mount tmpfs fd(/dev) tmpfs 0x1000002 mode=755,size=65536k"));
        assertTrue(calls.contains("mount /dev/null fd(/dev/null) null 0x1000 null"));
        assertTrue(calls.contains("mount devpts fd(/dev/pts) devpts 0xa newinstance,ptmxmode=0666,mode=0620,gid=5"));
        assertTrue(calls.contains("symlink /dev/ptmx -> pts/ptmx"));
        assertTrue(calls.contains("symlink /dev/stdout -> /proc/self/fd/1"));
        assertTrue(calls.contains("mount sysfs fd(/sys) sysfs 0xf null"));
        assertTrue(calls.contains("mount cgroup2 fd(/sys/fs/cgroup) cgroup2 0xf null"));
        assertTrue(calls.contains("mount /c/hostname fd(/etc/hostname) null 0x1000 null"));
        for (String masked : MountPlan.MASKED_FILES) assertTrue(calls.contains("mount /dev/null fd(" + masked + ") null 0x1000 null"), masked);
        assertTrue(calls.contains("mount tmpfs fd(/proc/acpi) tmpfs 0x1 null"));
        int bind = calls.indexOf("mount fd(/proc/sys) fd(/proc/sys) null 0x5000 null");
        assertTrue(bind > 0);
        assertEquals("mount none fd(/proc/sys) null 0x502f null", calls.get(bind + 1)); // BIND|REC|REMOUNT|RDONLY|NOSUID|NODEV|NOEXEC
        assertTrue(calls.indexOf("mount proc fd(/proc) proc 0xe null") < calls.indexOf("pivot_root . ."));
    }

    @Test
    void hostNetworkBindsSysReadOnly() {
        var calls = execute(spec(List.of("/l"), false, List.of(), "host"), new RecordingMountSyscalls());
        int bind = calls.indexOf("mount /sys fd(/sys) null 0x5000 null");
        assertTrue(bind > 0, calls.toString());
        assertEquals("mount none fd(/sys) null 0x102f null", calls.get(bind + 1));
    }

    @Test
    void userMountsCreateMissingTargetsAndHonourOptions() {
        var mounts = List.of(new ContainerSpec.Mount("bind", "/host/data", "/data/in", List.of("ro")),
                new ContainerSpec.Mount("bind", "/run/docker.sock", "/var/run/docker.sock", List.of("rw")),
                new ContainerSpec.Mount("tmpfs", null, "/scratch", List.of("size=64m", "mode=1777", "noexec")));
        var sys = new RecordingMountSyscalls();
        sys.missing.addAll(List.of("/data", "/data/in", "/var/run/docker.sock"));
        var calls = execute(spec(List.of("/l"), false, mounts, "none"), sys);
        int mkdir = calls.indexOf("mkdir /data");
        assertEquals(List.of("mkdir /data", "mkdir /data/in", "mount /host/data fd(/data/in) null 0x5000 null",
                "mount none fd(/data/in) null 0x1021 null"), calls.subList(mkdir, mkdir + 4));
        assertTrue(calls.contains("create /var/run/docker.sock"));
        assertTrue(calls.contains("mount /run/docker.sock fd(/var/run/docker.sock) null 0x5000 null"));
        assertFalse(calls.contains("mount none fd(/var/run/docker.sock) null 0x1020 null"), "rw needs no remount");
        assertTrue(calls.contains("mount tmpfs fd(/scratch) tmpfs 0xe size=64m,mode=1777"));
    }

    /** The calls of a plan that touch /proc, /dev or /sys of the container, cgroup2 aside. */
    private static List<String> kernelTreeCalls(List<String> calls) {
        return calls.stream().filter(c -> (c.contains("fd(/proc") || c.contains("fd(/dev") || c.contains("fd(/sys")
                || c.startsWith("symlink /dev/")) && !c.contains("/sys/fs/cgroup")).toList();
    }

    /** A waiting stage 2's tree is exactly what a default container's plan mounts there, in the same order. */
    @Test
    void thePreparedTreeIsWhatTheFullPlanMountsOnProcDevAndSys() {
        var prepared = new RecordingMountSyscalls();
        new MountExecutor(prepared).run(MountPlan.preparedTree("/tree"));
        assertEquals(0, prepared.openFds());
        assertEquals("mount tmpfs /tree tmpfs 0xe mode=700,size=64k", prepared.calls.get(0));
        var full = execute(spec(List.of("/l"), false, List.of(), "none"), new RecordingMountSyscalls());
        List<String> tree = kernelTreeCalls(prepared.calls);
        assertEquals(kernelTreeCalls(full), tree);
        assertTrue(tree.contains("mount none fd(/proc/sys) null 0x502f null"), tree.toString());
        assertTrue(prepared.calls.stream().noneMatch(c -> c.contains("cgroup2")), "cgroup2 needs the container's cgroup namespace");
    }

    @Test
    void aDefaultContainerMovesThePreparedTreeIn() {
        var mounts = List.of(new ContainerSpec.Mount("tmpfs", null, "/dev/shm", List.of("size=1g")));
        var sys = new RecordingMountSyscalls();
        new MountExecutor(sys).run(MountPlan.of(spec(List.of("/l"), true, mounts, "none"), p -> true, true, null, "/tree"));
        var calls = sys.calls;
        int proc = calls.indexOf("mount /tree/proc fd(/proc) null 0x2000 null"); // MS_MOVE
        assertTrue(proc > 0, calls.toString());
        assertEquals(List.of("mount /tree/dev fd(/dev) null 0x2000 null", "mount /tree/sys fd(/sys) null 0x2000 null"),
                calls.subList(proc + 1, proc + 3));
        assertEquals("mount cgroup2 fd(/sys/fs/cgroup) cgroup2 0xf null", calls.get(proc + 3));
        assertTrue(calls.indexOf("mount tmpfs fd(/dev/shm) tmpfs 0x6 size=1g") > proc + 3, "a mount below /dev goes on top");
        assertTrue(calls.contains("mount /c/hostname fd(/etc/hostname) null 0x1000 null"));
        assertEquals(List.of(), kernelTreeCalls(calls).stream().filter(c -> !c.contains("/tree/") && !c.contains("/dev/shm")).toList(),
                "nothing of the tree mounted again");
        assertTrue(calls.getLast().equals("mount none / null 0x1021 null"), "--read-only still applies");
    }

    @Test
    void privilegedHostNetworkOrAMountOnProcOrSysGetTheFullPlan() {
        var privileged = spec(List.of("/l"), false, List.of(), "none").withHardening(
                new dev.minidocker.runtime.spec.Hardening(null, false, List.of(), List.of(), List.of(), true));
        var hostNetwork = spec(List.of("/l"), false, List.of(), "host");
        var procMount = spec(List.of("/l"), false, List.of(new ContainerSpec.Mount("bind", "/x", "/proc/sys/kernel/", List.of())), "none");
        var sysMount = spec(List.of("/l"), false, List.of(new ContainerSpec.Mount("bind", "/sys", "/sys", List.of())), "none");
        var dotted = spec(List.of("/l"), false, List.of(new ContainerSpec.Mount("bind", "/x", "/data/../proc/./sys", List.of())), "none");
        for (var spec : List.of(privileged, hostNetwork, procMount, sysMount, dotted)) {
            var sys = new RecordingMountSyscalls();
            new MountExecutor(sys).run(MountPlan.of(spec, p -> true, true, null, "/tree"));
            assertTrue(sys.calls.contains("mount proc fd(/proc) proc 0xe null"), sys.calls.toString());
            assertTrue(sys.calls.stream().noneMatch(c -> c.contains("/tree")), sys.calls.toString());
        }
        var processMount = spec(List.of("/l"), false, List.of(new ContainerSpec.Mount("bind", "/x", "/processes", List.of())), "none");
        assertTrue(MountPlan.canUsePreparedTree(processMount), "/processes is not below /proc");
    }

    @Test
    void missingMaskedPathsAreSkippedNotCreated() {
        var sys = new RecordingMountSyscalls();
        sys.missing.addAll(List.of("/proc/kcore", "/sys/firmware"));
        var calls = execute(spec(List.of("/l"), false, List.of(), "none"), sys);
        assertTrue(calls.stream().noneMatch(c -> c.contains("kcore") || c.contains("firmware")), calls.toString());
    }

    @Test
    void unknownMountTypeAndRootDestinationAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> MountPlan.of(spec(List.of("/l"), false,
                List.of(new ContainerSpec.Mount("nfs", "x", "/y", List.of())), "none"), p -> true, true));
        var sys = new RecordingMountSyscalls();
        var plan = MountPlan.of(spec(List.of("/l"), false,
                List.of(new ContainerSpec.Mount("bind", "/x", "/", List.of())), "none"), p -> true, true);
        assertThrows(ContainerStartException.class, () -> new MountExecutor(sys).run(plan));
        assertEquals(0, sys.openFds());
    }
}
