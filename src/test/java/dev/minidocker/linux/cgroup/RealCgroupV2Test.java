package dev.minidocker.linux.cgroup;

import dev.minidocker.model.Resources;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.minidocker.RootOnly;
import dev.minidocker.linux.BpfSyscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The v2 code paths against a real cgroup2 mount, whichever this host has: /sys/fs/cgroup on pure
 * v2 hosts, /sys/fs/cgroup/unified on hybrid ones (no controllers there, but the kernel's own
 * cgroup.procs, cgroup.events, cgroup.kill, cgroup.freeze and rmdir rules are all real).
 */
@RootOnly
class RealCgroupV2Test {
    private final String id = "test-v2-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    private Path unified;
    private Process sleeper;
    private Cgroup cgroup;

    @BeforeEach
    void setUp() throws IOException {
        unified = CgroupMounts.parse(Files.readAllLines(Path.of("/proc/self/mountinfo"))).unified();
        assumeTrue(unified != null, "no cgroup2 mount on this host");
    }

    @AfterEach
    void tearDown() {
        try {
            if (cgroup != null) cgroup.destroy();
        } finally {
            if (sleeper != null) sleeper.destroyForcibly();
        }
        assertFalse(Files.exists(unified.resolve("minidocker").resolve(id)));
    }

    @Test
    void joinKillWithCgroupKillAndRemove() throws Exception {
        assertKillsAndRemoves(CgroupFs.real());
    }

    @Test
    void joinKillWithTheFreezerFallbackAndRemove() throws Exception {
        // Pretend to be a kernel before 5.14, which has cgroup.freeze but no cgroup.kill.
        CgroupFs noKillFile = new CgroupFs() {
            private final CgroupFs real = CgroupFs.real();
            public String read(Path f) throws IOException { return real.read(f); }
            public void write(Path f, String v) throws IOException { real.write(f, v); }
            public void mkdir(Path d) throws IOException { real.mkdir(d); }
            public void rmdir(Path d) throws IOException { real.rmdir(d); }
            public List<Path> subdirs(Path d) throws IOException { return real.subdirs(d); }
            public boolean exists(Path p) {
                return !p.getFileName().toString().equals("cgroup.kill") && real.exists(p);
            }
        };
        assertKillsAndRemoves(noKillFile);
    }

    private void assertKillsAndRemoves(CgroupFs fs) throws Exception {
        V2CgroupManager manager = new V2CgroupManager(unified, fs, Runtime.getRuntime().availableProcessors(), BpfSyscalls.real());
        cgroup = manager.create(id, Resources.NONE);
        Path dir = unified.resolve("minidocker").resolve(id);
        assertTrue(Files.isDirectory(dir));
        sleeper = new ProcessBuilder("sleep", "30").start();
        cgroup.addProcess((int) sleeper.pid());
        assertEquals(List.of((int) sleeper.pid()), cgroup.pids());
        assertTrue(Files.readString(dir.resolve("cgroup.events")).contains("populated 1"));
        cgroup.killAll();
        assertTrue(sleeper.waitFor(10, TimeUnit.SECONDS), "sleep survived killAll");
        assertEquals(128 + 9, sleeper.exitValue());
        assertEquals("0", Files.readString(dir.resolve("cgroup.freeze")).trim(), "left frozen");
        cgroup.destroy();
        assertFalse(Files.exists(dir));
        assertTrue(manager.open(id).isEmpty());
    }
}
