package dev.minidocker.runtime.supervisor;

import dev.minidocker.RootOnly;
import dev.minidocker.linux.FileFlags;
import dev.minidocker.linux.LinuxFileSyscalls;
import dev.minidocker.runtime.container.ContainerExec;
import dev.minidocker.runtime.container.ContainerRemove;
import dev.minidocker.runtime.container.Liveness;
import dev.minidocker.runtime.process.Stdio;
import dev.minidocker.runtime.spec.CommandNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.minidocker.runtime.supervisor.LifecycleFixture.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** exec into a running detached container: namespaces, files, user, capabilities, cgroup, exit code. */
@RootOnly
class ExecRootTest {
    @TempDir
    Path tmp;
    LifecycleFixture fx;
    Supervisor supervisor;
    String id;

    @BeforeEach
    void setUp() throws Exception {
        fx = new LifecycleFixture(tmp);
        supervisor = fx.supervisor();
        id = supervisor.run(fx.plan(null, null, false, "sh", "-c", "echo inside > /tmp/marker; echo ready; exec sleep 1000"));
        eventually("the container is ready", () -> fx.logText(id).contains("ready"));
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            new ContainerRemove(fx.store, fx.cgroups).remove(id, true);
            supervisor.close();
            fx.assertNoCgroups(List.of(id));
            assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains(tmp.toString()));
        } finally {
            fx.leaks.assertNothingLeft();   // also what a failed set-up started
        }
    }

    /** Runs exec with stdout and stderr into a file; returns {exit code, output}. */
    Object[] exec(String user, String workdir, List<String> env, String... command) {
        Path out = tmp.resolve("out-" + System.nanoTime());
        LinuxFileSyscalls files = new LinuxFileSyscalls();
        int fd = files.open(out.toString(), FileFlags.O_WRONLY | FileFlags.O_CREAT | FileFlags.O_CLOEXEC, 0644);
        int in = files.open("/dev/null", FileFlags.O_RDONLY | FileFlags.O_CLOEXEC, 0);
        try {
            var r = new ContainerExec.Request(List.of(command), env, workdir, user, false, false);
            int code = new ContainerExec(fx.store, fx.cgroups).start(id, r, Stdio.of(in, fd, fd), Map.of()).waitFor();
            return new Object[] {code, Files.readString(out)};
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            files.close(fd);
            files.close(in);
        }
    }

    @Test
    void execSeesTheContainersPid1HostnameAndFiles() {
        Object[] r = exec(null, null, List.of(), "sh", "-c",
                "cat /tmp/marker; hostname; tr '\\0' ' ' < /proc/1/cmdline; echo; if [ \"$(cat /proc/1/cgroup)\" = \"$(cat /proc/self/cgroup)\" ]; then echo same-cgroup; fi; grep CapBnd /proc/self/status; exit 7");
        assertEquals(7, r[0]);
        String[] lines = ((String) r[1]).split("\n");
        assertEquals("inside", lines[0]);
        assertEquals(id.substring(0, 12), lines[1]);
        assertEquals("sleep 1000", lines[2].strip());
        assertEquals("same-cgroup", lines[3], "exec must be in the container's cgroups");
        assertEquals("CapBnd:\t00000000a80425fb", lines[4]);
    }

    @Test
    void execTakesUserWorkdirAndEnvironment() {
        Object[] r = exec("1000:1000", "/tmp", List.of("GREETING=hello"), "sh", "-c", "id -u; id -g; pwd; echo $GREETING");
        assertEquals(0, r[0]);
        assertEquals("1000\n1000\n/tmp\nhello\n", r[1]);
    }

    @Test
    void aMissingCommandIsReportedAsNotFound() {
        assertThrows(CommandNotFoundException.class, () -> exec(null, null, List.of(), "no-such-command"));
        assertTrue(Liveness.isRunning(fx.state(id)), "a failed exec must not hurt the container");
    }
}
