package dev.minidocker.runtime;

import dev.minidocker.RootOnly;
import dev.minidocker.linux.ProcessSyscalls;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Real containers from a busybox rootfs: namespaces, mounts, credentials, exit codes. */
@RootOnly
class ContainerLauncherTest {
    private Path work;
    private Path rootfs;
    private String mountsBefore;
    private final ContainerLauncher launcher = new ContainerLauncher();

    @BeforeEach
    void setUp() throws IOException {
        mountsBefore = Files.readString(Path.of("/proc/self/mountinfo"));
        work = Files.createTempDirectory("md-launch");
        rootfs = BusyboxRootfs.create(work.resolve("rootfs"));
    }

    @AfterEach
    void tearDown() throws IOException {
        BusyboxRootfs.delete(work);
        assertEquals(mountsBefore, Files.readString(Path.of("/proc/self/mountinfo")), "host mounts changed");
        assertEquals(0, ProcessHandle.current().children().count(), "leftover child processes");
    }

    /** Runs the container to completion; returns {exit code, stdout}. */
    Result run(ContainerSpec spec) {
        int[] in = ProcessSyscalls.pipe();
        int[] out = ProcessSyscalls.pipe();
        ProcessSyscalls.close(in[1]); // stdin: EOF at once
        try {
            RunningContainer c;
            try {
                c = launcher.start(spec, pid -> { }, Stdio.of(in[0], out[1], out[1]));
            } finally {
                ProcessSyscalls.close(out[1]); // only the container holds the write end now
            }
            String output = new String(ProcessSyscalls.readAll(out[0]), StandardCharsets.UTF_8);
            return new Result(c.waitFor(), output);
        } finally {
            ProcessSyscalls.close(in[0]);
            ProcessSyscalls.close(out[0]);
        }
    }

    record Result(int code, String out) {}

    ContainerSpec spec(String... args) {
        return new ContainerSpec("a".repeat(64), "testhost", List.of(args), List.of("PATH=/bin", "FOO=bar"), "/",
                null, new ContainerSpec.RootFs(List.of(), null, null, rootfs.toString()), false, List.of(), "none",
                false, false, null, null);
    }

    @Test
    void shellIsPid1AndSeesOnlyItsOwnProcesses() throws IOException {
        var r = run(spec("sh", "-c", "echo $$; ps -o pid,comm | grep -v PID | wc -l; hostname"));
        assertEquals(0, r.code(), r.out());
        var lines = r.out().lines().toList();
        assertEquals("1", lines.get(0));
        assertTrue(Integer.parseInt(lines.get(1).trim()) <= 4, r.out()); // sh, ps, grep, wc
        assertEquals("testhost", lines.get(2));
    }
}
