package dev.minidocker.linux.cgroup;

import dev.minidocker.model.Resources;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.minidocker.RootOnly;
import dev.minidocker.linux.BpfSyscalls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cgroup v2 device filter for real: bpf(BPF_PROG_LOAD) of the program generated from Docker's
 * list and bpf(BPF_PROG_ATTACH) to a container cgroup of whichever cgroup2 mount this host has.
 * On a hybrid host (/sys/fs/cgroup/unified, no controllers) the kernel still runs a device program
 * for the tasks of the cgroup2 cgroup it is attached to, so this proves the v2 path here too.
 */
@RootOnly
class RealDeviceFilterV2Test {
    private static final Path BUSYBOX = Path.of("/bin/busybox");
    private final String id = "test-devices-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    private Path unified;
    private Cgroup cgroup;

    @BeforeEach
    void setUp() throws IOException {
        unified = CgroupMounts.parse(Files.readAllLines(Path.of("/proc/self/mountinfo"))).unified();
        assumeTrue(unified != null, "no cgroup2 mount on this host");
        assumeTrue(Files.isExecutable(BUSYBOX), "needs busybox-static");
        for (String dev : List.of("/dev/kmsg", "/dev/hwrng", "/dev/loop0")) {
            assumeTrue(Files.exists(Path.of(dev)), "this host has no " + dev);
        }
    }

    @AfterEach
    void tearDown() {
        if (cgroup != null) cgroup.destroy();
        assertFalse(Files.exists(unified.resolve("minidocker").resolve(id)));
    }

    /** Opens (never writes or reads) host devices and Docker's own; optionally joins a cgroup first. */
    private static String probe(Path joinProcs) throws Exception {
        String script = (joinProcs == null ? "" : "echo $$ > " + joinProcs + " || exit 9; ")
                // A redirection on `true` opens and closes the file; its failure does not end the shell.
                + "true 3>/dev/kmsg && echo kmsg-opened; true 3</dev/hwrng && echo hwrng-opened;"
                + " true 3</dev/loop0 && echo loop0-opened; true 3>/dev/null && echo null-opened;"
                + " true 3</dev/zero && echo zero-opened; true 3</dev/urandom && echo urandom-opened";
        Process p = new ProcessBuilder(BUSYBOX.toString(), "sh", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void tasksOfTheCgroupOpenDockersDevicesOnlyAndEveryOtherOpenIsEperm() throws Exception {
        V2CgroupManager manager = new V2CgroupManager(unified, CgroupFs.real(),
                Runtime.getRuntime().availableProcessors(), BpfSyscalls.real());
        cgroup = manager.create(id, Resources.NONE);
        Path procs = unified.resolve("minidocker").resolve(id).resolve("cgroup.procs");

        String inside = probe(procs);
        for (String dev : List.of("kmsg", "hwrng", "loop0")) {
            assertTrue(inside.contains("can't " + (dev.equals("kmsg") ? "create" : "open") + " /dev/" + dev
                    + ": Operation not permitted"), inside);
            assertFalse(inside.contains(dev + "-opened"), inside);
        }
        assertTrue(inside.contains("null-opened\nzero-opened\nurandom-opened\n"), inside);

        // The same opens outside the cgroup succeed: the program, not the host, refused them.
        assertEquals("kmsg-opened\nhwrng-opened\nloop0-opened\nnull-opened\nzero-opened\nurandom-opened\n", probe(null));
    }
}
