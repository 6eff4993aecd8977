package dev.minidocker.linux.cgroup;

import dev.minidocker.MiniDockerException;
import dev.minidocker.model.TestResources;
import dev.minidocker.model.Resources;
import dev.minidocker.model.DeviceRule;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The v2 manager against a fake cgroup2 tree: exactly which files get which values. */
class V2CgroupManagerTest {
    private static final long MB = 1024 * 1024;
    @TempDir Path root;
    private FakeCgroup2Fs fs;
    private V2CgroupManager manager;
    private RecordingBpfSyscalls bpf;

    @BeforeEach
    void setUp() {
        fs = new FakeCgroup2Fs(root, "cpuset cpu io memory hugetlb pids rdma misc", "0-1", true);
        manager = new V2CgroupManager(root, fs, 2, bpf = new RecordingBpfSyscalls(root, fs.ops));
    }

    private static Resources limits(Long mem, Long swap, Double cpus, Long shares, String cpuset, Long pids) {
        return TestResources.of(mem, swap, cpus, shares, cpuset, pids);
    }

    @Test
    void updateWritesTheNewLimitsToTheLiveCgroup() {
        Cgroup c = manager.create("u1", limits(64 * MB, null, null, null, null, null));
        int before = fs.ops.size();
        c.update(limits(128 * MB, null, 0.25, null, null, 50L));
        assertEquals(List.of("minidocker/u1/memory.max=134217728", "minidocker/u1/memory.swap.max=134217728",
                "minidocker/u1/cpu.max=25000 100000", "minidocker/u1/pids.max=50"), fs.ops.subList(before, fs.ops.size()));
    }

    @Test
    void createWritesExactlyTheLimitsAndEnablesControllersOnBothParents() {
        manager.create("c1", limits(64 * MB, 192 * MB, 0.5, 512L, "1", 20L));
        assertEquals(List.of(
                "cgroup.subtree_control=+memory +pids +cpu +cpuset",
                "mkdir minidocker",
                "minidocker/cgroup.subtree_control=+memory +pids +cpu +cpuset",
                "mkdir minidocker/c1",
                "minidocker/c1/memory.max=67108864",
                "minidocker/c1/memory.swap.max=134217728",
                "minidocker/c1/cpu.max=50000 100000",
                "minidocker/c1/cpu.weight=20",
                "minidocker/c1/cpuset.cpus=1",
                "minidocker/c1/pids.max=20",
                "bpf-load 69 instructions", "bpf-attach minidocker/c1 program 100", "bpf-close 100"), fs.ops);
    }

    @Test
    void theDeviceProgramIsDockersAllowListCompiledAndAttachedToTheNewCgroupOnly() {
        manager.create("c1", Resources.NONE);
        assertEquals(1, bpf.loaded.size());
        assertArrayEquals(DeviceFilterProgram.of(DevicePolicy.of(DeviceRule.DOCKER_DEFAULT)).instructions(),
                bpf.loaded.getFirst());
        assertEquals(List.of("Apache-2.0"), bpf.licenses);
        assertEquals(List.of("bpf-attach minidocker/c1 program 100"),
                fs.ops.stream().filter(o -> o.startsWith("bpf-attach")).toList());
    }

    @Test
    void aContainerAllowedEveryDeviceGetsNoProgram() {
        manager.create("priv", TestResources.of(null, null, null, null, null, null, DeviceRule.ALLOW_ALL));
        assertTrue(Files.isDirectory(root.resolve("minidocker/priv")));
        assertEquals(List.of(), fs.ops.stream().filter(o -> o.startsWith("bpf")).toList());
    }

    @Test
    void aRefusedAttachRemovesTheCgroupAndClosesTheProgram() {
        bpf.refuseAttach = true;
        CgroupException e = assertThrows(CgroupException.class, () -> manager.create("c1", Resources.NONE));
        assertTrue(e.getMessage().startsWith("bpf BPF_PROG_ATTACH of the device cgroup program to `"
                + root.resolve("minidocker/c1") + "`: "), e.getMessage());
        assertEquals(List.of("bpf-load 69 instructions", "bpf-close 100", "rmdir minidocker/c1", "rmdir minidocker"),
                fs.ops.subList(fs.ops.size() - 4, fs.ops.size()));
        assertFalse(Files.exists(root.resolve("minidocker")));
    }

    @Test
    void memoryAloneGetsDockersDefaultSwapAndMinusOneIsUnlimited() {
        manager.create("a", limits(64 * MB, null, null, null, null, null));
        manager.create("b", limits(64 * MB, -1L, null, null, null, null));
        manager.create("c", limits(64 * MB, 64 * MB, null, null, null, null));
        assertEquals(List.of(
                "cgroup.subtree_control=+memory +pids +cpu +cpuset",
                "minidocker/cgroup.subtree_control=+memory +pids +cpu +cpuset",
                "minidocker/a/memory.max=67108864", "minidocker/a/memory.swap.max=67108864",
                "minidocker/b/memory.max=67108864", "minidocker/b/memory.swap.max=max",
                "minidocker/c/memory.max=67108864", "minidocker/c/memory.swap.max=0"), fs.writes());
    }

    @Test
    void aMemoryReservationIsMemoryLowAsRuncWritesIt() {
        manager.create("r", limits(64 * MB, null, null, null, null, null).withMemoryReservation(32 * MB));
        assertTrue(fs.writes().contains("minidocker/r/memory.low=33554432"), fs.writes().toString());
    }

    @Test
    void noLimitsStillCreatesTheCgroupAndUnlimitedPidsIsMax() {
        Cgroup c = manager.create("plain", Resources.NONE);
        assertTrue(Files.isDirectory(root.resolve("minidocker/plain")));
        assertEquals("plain", c.id());
        manager.create("p0", limits(null, null, null, null, null, 0L));
        assertEquals("max", read("minidocker/p0/pids.max"));
        assertTrue(fs.writes().contains("minidocker/p0/pids.max=max"));
    }

    @Test
    void missingControllerIsAClearErrorAndLeavesNothing() {
        fs = new FakeCgroup2Fs(root, "cpu io pids", "0-1", true);
        manager = new V2CgroupManager(root, fs, 2, bpf = new RecordingBpfSyscalls(root, fs.ops));
        CgroupException e = assertThrows(CgroupException.class,
                () -> manager.create("c1", limits(64 * MB, null, null, null, null, null)));
        assertEquals("cannot apply --memory: the memory cgroup controller is not available "
                + "(cgroup.controllers: cpu io pids)", e.getMessage());
        assertFalse(Files.exists(root.resolve("minidocker")));
        // Without a memory limit the same host is fine: only what exists is enabled.
        manager.create("c2", limits(null, null, 1.0, null, null, 5L));
        assertTrue(fs.writes().contains("minidocker/cgroup.subtree_control=+pids +cpu"), fs.writes().toString());
    }

    @Test
    void swapLimitWithoutSwapAccountingIsAnErrorButMemoryAloneIsNot() {
        fs = new FakeCgroup2Fs(root, "cpuset cpu memory pids", "0-1", false);
        manager = new V2CgroupManager(root, fs, 2, bpf = new RecordingBpfSyscalls(root, fs.ops));
        CgroupException e = assertThrows(CgroupException.class,
                () -> manager.create("c1", limits(64 * MB, 128 * MB, null, null, null, null)));
        assertTrue(e.getMessage().startsWith("cannot apply --memory-swap: this kernel has no swap accounting"),
                e.getMessage());
        assertFalse(Files.exists(root.resolve("minidocker")));
        manager.create("c2", limits(64 * MB, null, null, null, null, null));
        assertFalse(fs.writes().stream().anyMatch(w -> w.contains("swap")));
    }

    @Test
    void invalidLimitsAreRejectedWithDockersMessagesBeforeAnythingIsCreated() {
        assertRejected(limits(MB, null, null, null, null, null), "Minimum memory limit allowed is 6MB");
        assertRejected(limits(null, 128 * MB, null, null, null, null),
                "You should always set the Memory limit when using Memoryswap limit, see usage");
        assertRejected(limits(64 * MB, 32 * MB, null, null, null, null),
                "Minimum memoryswap limit should be larger than memory limit, see usage");
        assertRejected(limits(null, null, 3.0, null, null, null),
                "Range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available");
        assertRejected(limits(null, null, 0.001, null, null, null),
                "Range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available");
        assertRejected(limits(null, null, null, 1L, null, null),
                "invalid --cpu-shares 1: the range is 2 to 262144");
        assertRejected(limits(null, null, null, null, "0-x", null), "Invalid value 0-x for cpuset cpus");
        assertEquals(List.of(), fs.ops);
    }

    @Test
    void unlimitedValuesNeedNoController() {
        fs = new FakeCgroup2Fs(root, "cpu", "0-1", false);
        manager = new V2CgroupManager(root, fs, 2, bpf = new RecordingBpfSyscalls(root, fs.ops));
        manager.create("c1", limits(null, -1L, null, null, null, 0L)); // --memory-swap -1 --pids-limit 0
        assertEquals(List.of("cgroup.subtree_control=+cpu", "minidocker/cgroup.subtree_control=+cpu"), fs.writes());
    }

    @Test
    void cpusetOutsideTheAllowedCpusIsRejectedAndCleanedUp() {
        assertRejected(limits(null, null, null, null, "0-3", null),
                "Requested CPUs are not available - requested 0-3, available: 0-1");
        assertFalse(Files.exists(root.resolve("minidocker")));
    }

    @Test
    void sharesConvertToWeightLikeRunc() {
        assertEquals(1, limits(null, null, null, 2L, null, null).cpuWeight());
        assertEquals(39, limits(null, null, null, 1024L, null, null).cpuWeight());
        assertEquals(10000, limits(null, null, null, 262144L, null, null).cpuWeight());
    }

    @Test
    void processesGoIntoTheLeafNeverIntoTheParent() {
        Cgroup c = manager.create("c1", Resources.NONE);
        c.addProcess(4242);
        assertEquals(List.of(4242), c.pids());
        assertTrue(fs.writes().contains("minidocker/c1/cgroup.procs=4242"));
        assertFalse(fs.writes().stream().anyMatch(w -> w.startsWith("minidocker/cgroup.procs")));
    }

    @Test
    void destroyKillsThroughCgroupKillRemovesBothDirsAndIsIdempotent() {
        Cgroup c = manager.create("c1", limits(64 * MB, null, null, null, null, 20L));
        c.addProcess(4242); // a fake pid: the fake's cgroup.kill empties it, no signal is sent
        c.destroy();
        assertTrue(fs.ops.contains("minidocker/c1/cgroup.kill=1"));
        assertFalse(Files.exists(root.resolve("minidocker")));
        c.destroy();
        assertTrue(manager.open("c1").isEmpty());
    }

    @Test
    void destroyKeepsTheParentWhileOtherContainersUseIt() {
        Cgroup a = manager.create("a", Resources.NONE);
        manager.create("b", Resources.NONE);
        a.destroy();
        assertFalse(Files.exists(root.resolve("minidocker/a")));
        assertTrue(Files.isDirectory(root.resolve("minidocker/b")));
        manager.open("b").orElseThrow().destroy();
        assertFalse(Files.exists(root.resolve("minidocker")));
    }

    @Test
    void openStatsAndOomComeFromTheFiles() {
        manager.create("c1", limits(64 * MB, null, null, null, null, 20L));
        Cgroup c = manager.open("c1").orElseThrow();
        Path dir = root.resolve("minidocker/c1");
        fs.put(dir.resolve("memory.current"), "1048576\n");
        fs.put(dir.resolve("cpu.stat"), "usage_usec 1500\nuser_usec 1000\nsystem_usec 500\n");
        fs.put(dir.resolve("pids.current"), "3\n");
        assertEquals(new CgroupStats(1_500_000, MB, 64 * MB, 3, 20), c.stats());
        assertFalse(c.oomKilled());
        fs.put(dir.resolve("memory.events"), "low 0\nhigh 0\nmax 7\noom 1\noom_kill 1\noom_group_kill 0\n");
        assertTrue(c.oomKilled());
        assertTrue(manager.open("nope").isEmpty());
    }

    @Test
    void anExistingCgroupIsNeitherReusedNorRemoved() {
        manager.create("c1", Resources.NONE);
        CgroupException e = assertThrows(CgroupException.class, () -> manager.create("c1", Resources.NONE));
        assertTrue(e.getMessage().endsWith("minidocker/c1 already exists"), e.getMessage());
        assertTrue(Files.isDirectory(root.resolve("minidocker/c1")));
    }

    @Test
    void idsThatAreNotOnePathComponentAreRefused() {
        for (String id : new String[] {"../etc", "a/b", ".", "", "-x"}) {
            assertThrows(CgroupException.class, () -> manager.create(id, Resources.NONE), id);
        }
        assertEquals(List.of(), fs.ops);
    }

    private void assertRejected(Resources l, String message) {
        MiniDockerException e = assertThrows(MiniDockerException.class, () -> manager.create("bad", l));
        assertEquals(message, e.getMessage());
    }

    private String read(String relative) {
        try {
            return Files.readString(root.resolve(relative)).trim();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void stage2JoinsTheContainerAndLeavesToWhereTheLauncherRuns() {
        Cgroup c = manager.create("c1", Resources.NONE);
        assertEquals(List.of(root.resolve("minidocker/c1/cgroup.procs")), c.procsFiles());
        assertEquals(List.of(root.resolve("cgroup.procs")), manager.ownProcsFiles("0::/\n"));
        assertEquals(List.of(root.resolve("user.slice/session-1.scope/cgroup.procs")),
                manager.ownProcsFiles("0::/user.slice/session-1.scope\n"));
        assertThrows(CgroupException.class, () -> manager.ownProcsFiles("4:memory:/\n"));
    }

    /** --cpu-quota: cpu.max holds the quota as given and the default period. */
    @Test
    void cpuQuotaWritesCpuMax() {
        manager.create("q1", Resources.NONE.withCpuQuota(25_000));
        assertTrue(fs.ops.contains("minidocker/q1/cpu.max=25000 100000"), fs.ops.toString());
        assertEquals("CPU cfs quota can not be less than 1ms (i.e. 1000)", assertThrows(MiniDockerException.class,
                () -> manager.create("q2", Resources.NONE.withCpuQuota(999))).getMessage());
    }

    @Test
    void freezeWritesCgroupFreezeWaitsForFrozenAndThawUndoesIt() throws Exception {
        Cgroup c = manager.create("c1", Resources.NONE);
        fs.ops.clear();
        c.freeze();
        assertEquals("1", fs.read(root.resolve("minidocker/c1/cgroup.freeze")));
        assertTrue(fs.read(root.resolve("minidocker/c1/cgroup.events")).contains("frozen 1"));
        c.thaw();
        assertEquals(List.of("minidocker/c1/cgroup.freeze=1", "minidocker/c1/cgroup.freeze=0"), fs.writes());
        assertTrue(fs.read(root.resolve("minidocker/c1/cgroup.events")).contains("frozen 0"));
    }

    @Test
    void aKernelWithoutCgroupFreezeIsAClearError() throws Exception {
        Cgroup c = manager.create("c1", Resources.NONE);
        Files.delete(root.resolve("minidocker/c1/cgroup.freeze"));
        assertTrue(assertThrows(CgroupException.class, c::freeze).getMessage().contains("no cgroup.freeze"));
    }
}
