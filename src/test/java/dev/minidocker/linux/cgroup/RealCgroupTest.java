package dev.minidocker.linux.cgroup;

import dev.minidocker.model.TestResources;
import dev.minidocker.model.Resources;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.minidocker.RootOnly;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The manager this host detects, against the real kernel: limits on disk, real processes joined,
 * killed and OOM-killed, a fork bomb stopped by pids.max. Processes wait on stdin until they are
 * in the cgroup (like stage 2 does), so everything they fork is accounted.
 */
@RootOnly
class RealCgroupTest {
    private static final long MB = 1024 * 1024;
    private final List<Process> processes = new ArrayList<>();
    private CgroupManager manager;
    private String id;
    private Cgroup cgroup;

    @BeforeEach
    void setUp() {
        manager = CgroupManager.detect();
        byte[] random = new byte[8];
        ThreadLocalRandom.current().nextBytes(random);
        id = "test-" + HexFormat.of().formatHex(random);
    }

    @AfterEach
    void tearDown() {
        try {
            if (cgroup != null) cgroup.destroy();
        } finally {
            processes.forEach(Process::destroyForcibly);
        }
        assertTrue(manager.open(id).isEmpty(), "cgroup left behind");
        for (Path dir : containerDirs()) assertFalse(Files.exists(dir), dir + " left behind");
    }

    @Test
    void limitsLandInTheRightFilesAndKillAllEmptiesIt() throws Exception {
        cgroup = manager.create(id, TestResources.of(64 * MB, null, 0.5, 512L, null, 20L));
        if (manager.version().equals("v1")) {
            assertEquals("67108864", read("memory", "memory.limit_in_bytes"));
            assertTrue(read("memory", "memory.oom_control").contains("oom_kill_disable 0"));
            assertEquals("100000", read("cpu", "cpu.cfs_period_us"));
            assertEquals("50000", read("cpu", "cpu.cfs_quota_us"));
            assertEquals("512", read("cpu", "cpu.shares"));
            assertEquals("20", read("pids", "pids.max"));
            assertFalse(read("cpuset", "cpuset.cpus").isEmpty());
            assertFalse(read("cpuset", "cpuset.mems").isEmpty());
        } else {
            assertEquals("67108864", read("memory", "memory.max"));
            assertEquals("50000 100000", read("cpu", "cpu.max"));
            assertEquals("20", read("cpu", "cpu.weight"));
            assertEquals("20", read("pids", "pids.max"));
        }
        assertEquals(new CgroupStats(0, 0, 64 * MB, 0, 20).memoryLimitBytes(), cgroup.stats().memoryLimitBytes());

        Process sleeper = start("sleep", "30");
        cgroup.addProcess((int) sleeper.pid());
        assertEquals(List.of((int) sleeper.pid()), cgroup.pids());
        assertEquals(1, cgroup.stats().pidsCurrent());
        cgroup.killAll();
        assertTrue(sleeper.waitFor(10, TimeUnit.SECONDS), "sleep survived killAll");
        assertEquals(128 + 9, sleeper.exitValue());
        assertFalse(cgroup.oomKilled());
        cgroup.destroy();
        cgroup.destroy(); // idempotent
        for (Path dir : containerDirs()) assertFalse(Files.exists(dir), dir + " left behind");
    }

    @Test
    void withoutASwapLimitMemoryAndSwapIsTwiceTheMemoryOnV1() throws Exception {
        assumeTrue(manager.version().equals("v1"), "cgroup v2: no memory.memsw files");
        cgroup = manager.create(id, TestResources.of(64 * MB, null, null, null, null, null));
        assumeTrue(Files.exists(dir("memory").resolve("memory.memsw.limit_in_bytes")),
                "this kernel does not account swap (memory.memsw.* missing: swapaccount=0)");
        assertEquals("134217728", read("memory", "memory.memsw.limit_in_bytes"));
    }

    @Test
    void destroyKillsWhatIsStillRunningIncludingChildren() throws Exception {
        cgroup = manager.create(id, Resources.NONE);
        Process shell = startWaiting("sleep 30 & sleep 30 & echo forked; wait");
        cgroup.addProcess((int) shell.pid());
        release(shell);
        assertEquals("forked", new String(shell.getInputStream().readNBytes(6), StandardCharsets.UTF_8));
        assertEquals(3, cgroup.pids().size(), cgroup.pids().toString());
        manager.open(id).orElseThrow().destroy(); // as `rm -f` would, from another handle
        assertTrue(shell.waitFor(10, TimeUnit.SECONDS));
        assertTrue(manager.open(id).isEmpty());
    }

    @Test
    void allocatingPastTheMemoryLimitIsAnOomKill() throws Exception {
        cgroup = manager.create(id, TestResources.of(16 * MB, null, null, null, null, null));
        // tail keeps a newline-free stream in memory: 100 MB of anonymous memory, bounded.
        Process hog = startWaiting("head -c 100M /dev/zero | tail > /dev/null");
        cgroup.addProcess((int) hog.pid());
        release(hog);
        assertTrue(hog.waitFor(60, TimeUnit.SECONDS), "memory hog still running");
        assertEquals(128 + 9, hog.exitValue(), "tail should die of SIGKILL");
        assertTrue(cgroup.oomKilled());
        assertTrue(cgroup.stats().memoryUsageBytes() <= 16 * MB);
    }

    @Test
    void pidsLimitStopsAForkBomb() throws Exception {
        cgroup = manager.create(id, TestResources.of(null, null, null, null, null, 10L));
        Process bomb = startWaiting("i=0; while [ $i -lt 30 ]; do sleep 30 >/dev/null 2>&1 & i=$((i+1)); done; echo all-forked");
        cgroup.addProcess((int) bomb.pid());
        release(bomb);
        assertTrue(bomb.waitFor(30, TimeUnit.SECONDS));
        String out = new String(bomb.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(bomb.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertFalse(out.contains("all-forked"), "30 forks succeeded under pids.max=10");
        assertTrue(err.toLowerCase().contains("fork"), err);
        int left = cgroup.pids().size();
        assertTrue(left >= 1 && left <= 9, "sleeps left in the cgroup: " + left);
        assertEquals(10, cgroup.stats().pidsLimit());
    }

    private Process start(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
        processes.add(p);
        return p;
    }

    /** sh that runs {@code script} only after a line on stdin, i.e. after it joined the cgroup. */
    private Process startWaiting(String script) throws IOException {
        return start("sh", "-c", "read _; " + script);
    }

    private static void release(Process p) throws IOException {
        OutputStream in = p.getOutputStream();
        in.write('\n');
        in.flush();
    }

    private Path dir(String controller) {
        CgroupMounts mounts = mounts();
        Path base = manager.version().equals("v1") ? mounts.v1().get(controller) : mounts.unified();
        return base.resolve(CgroupManager.PARENT).resolve(id);
    }

    private List<Path> containerDirs() {
        CgroupMounts mounts = mounts();
        if (manager.version().equals("v2")) return List.of(mounts.unified().resolve("minidocker").resolve(id));
        return mounts.v1().values().stream().map(m -> m.resolve("minidocker").resolve(id)).toList();
    }

    private String read(String controller, String file) throws IOException {
        return Files.readString(dir(controller).resolve(file)).trim();
    }

    private static CgroupMounts mounts() {
        try {
            return CgroupMounts.parse(Files.readAllLines(Path.of("/proc/self/mountinfo")));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
