package dev.minidocker.oci;

import dev.minidocker.RootOnly;
import dev.minidocker.testing.TestImages;
import dev.minidocker.testing.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * podman with mini-docker-runtime as its OCI runtime, each case side by side with podman on runc:
 * the same output and exit code. podman gets a store of its own (under a temp dir), the busybox
 * test image loaded offline, --network none (no CNI bridge left on the host), podman's default
 * seccomp profile unless a case gives its own, and rlimits this machine allows.
 */
@RootOnly
class PodmanRuntimeRootTest {
    private static Path dir, runtime;
    private static final String IMAGE = "localhost/i16oci-busybox:latest";

    @BeforeAll
    static void store() throws IOException {
        Tools.require("podman", "podman");
        Tools.require("runc", "runc");
        Tools.require("script", "bsdutils");
        dir = Files.createTempDirectory("i16oci-podman-");
        runtime = RuntimeProcess.wrapper(dir);
        Tools.run(podman("load", "-i", TestImages.busybox().toString()));
        String loaded = Tools.run(podman("images", "--format", "{{.Repository}}:{{.Tag}}")).lines().findFirst().orElseThrow();
        Tools.run(podman("tag", loaded, IMAGE));
    }

    @AfterAll
    static void reset() {
        if (dir == null) return;
        try {
            Tools.run(podman("rm", "-af", "-t", "0"));
            Tools.run(podman("system", "reset", "-f"));
        } finally {
            Tools.deleteTree(dir);
        }
    }

    static List<String> podman(String... args) {
        List<String> c = new ArrayList<>(List.of("podman", "--root", dir.resolve("root").toString(), "--runroot",
                dir.resolve("run").toString(), "--tmpdir", dir.resolve("tmp").toString(), "--cgroup-manager", "cgroupfs",
                "--events-backend", "file"));
        c.addAll(List.of(args));
        return c;
    }

    /** podman --runtime R run --rm ... IMAGE args, with the options both runtimes need here. */
    static RuntimeProcess.Result run(String runtimePath, List<String> options, String... args) {
        List<String> c = podman("--runtime", runtimePath, "run", "--network", "none", "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024");
        c.addAll(options);
        c.add(IMAGE);
        c.addAll(List.of(args));
        return RuntimeProcess.run(c, null);
    }

    private static void sameAsRunc(List<String> options, String... args) {
        var theirs = run("runc", options, args);
        var mine = run(runtime.toString(), options, args);
        assertEquals(theirs.exit(), mine.exit(), "exit code; ours said " + mine.err());
        assertEquals(theirs.out(), mine.out(), "stdout");
    }

    @Test
    void runRmEcho() {
        var mine = run(runtime.toString(), List.of("--rm"), "echo", "hello");
        assertEquals(0, mine.exit(), mine.err());
        assertEquals("hello\n", mine.out());
        sameAsRunc(List.of("--rm"), "echo", "hello");
    }

    @Test
    void exitCodesEnvAndWorkdir() {
        sameAsRunc(List.of("--rm"), "sh", "-c", "exit 42");
        sameAsRunc(List.of("--rm", "-e", "FOO=bar", "-w", "/tmp"), "sh", "-c", "echo $FOO $(pwd) $(id -u)");
        sameAsRunc(List.of("--rm"), "nosuchcommand");
        sameAsRunc(List.of("--rm", "-u", "1000:1000"), "sh", "-c", "id -u; id -g");
    }

    @Test
    void memoryLimitKillsWith137() {
        var theirs = run("runc", List.of("--rm", "-m", "10m"), "sh", "-c", "x=a; while true; do x=$x$x; done");
        var mine = run(runtime.toString(), List.of("--rm", "-m", "10m"), "sh", "-c", "x=a; while true; do x=$x$x; done");
        assertEquals(137, theirs.exit());
        assertEquals(137, mine.exit(), mine.err());
    }

    @Test
    void detachedExecStopRm() {
        var started = run(runtime.toString(), List.of("-d"), "sh", "-c", "trap 'exit 0' TERM; while true; do sleep 0.1; done");
        assertEquals(0, started.exit(), started.err());
        String id = started.out().trim();
        try {
            var exec = RuntimeProcess.run(podman("--runtime", runtime.toString(), "exec", "-e", "A=b", "-w", "/tmp", id,
                    "sh", "-c", "echo $A $(pwd); exit 4"), null);
            assertEquals(4, exec.exit(), exec.err());
            assertEquals("b /tmp\n", exec.out());
            String status = Tools.run(podman("--runtime", runtime.toString(), "inspect", "--format", "{{.State.Status}}", id)).trim();
            assertEquals("running", status);
            Tools.run(podman("--runtime", runtime.toString(), "stop", "-t", "10", id));
            assertEquals("0", Tools.run(podman("--runtime", runtime.toString(), "inspect", "--format", "{{.State.ExitCode}}", id)).trim(),
                    "the container's TERM trap ran: SIGTERM reached it");
        } finally {
            Tools.run(podman("--runtime", runtime.toString(), "rm", "-f", "-t", "0", id));
        }
        assertEquals("", Tools.run(podman("ps", "-aq")).trim());
    }

    @Test
    void podmansDefaultSeccompProfileIsInstalled() {
        var mine = run(runtime.toString(), List.of("--rm"), "grep", "^Seccomp:", "/proc/self/status");
        assertEquals(0, mine.exit(), mine.err());
        assertEquals("Seccomp:\t2\n", mine.out(), "filter mode");
        sameAsRunc(List.of("--rm"), "grep", "^Seccomp:", "/proc/self/status");
    }

    @Test
    void aProfileRefusingMkdirMakesItFailWithEpermInRunAndExec() throws IOException {
        Path profile = dir.resolve("no-mkdir.json");
        Files.writeString(profile, """
                {"defaultAction":"SCMP_ACT_ALLOW","syscalls":[
                  {"names":["mkdir","mkdirat"],"action":"SCMP_ACT_ERRNO","errnoRet":1},
                  {"names":["not_a_syscall_anywhere"],"action":"SCMP_ACT_KILL"}]}""");
        List<String> options = List.of("--rm", "--security-opt", "seccomp=" + profile);
        var mine = run(runtime.toString(), options, "sh", "-c", "mkdir /tmp/d; echo $?; test -d /tmp/d || echo absent");
        assertEquals("1\nabsent\n", mine.out(), mine.err());
        assertTrue(mine.err().contains("Operation not permitted"), mine.err());
        sameAsRunc(options, "sh", "-c", "mkdir /tmp/d; echo $?; touch /tmp/f && echo touched");
        var started = run(runtime.toString(), List.of("-d", "--security-opt", "seccomp=" + profile), "sleep", "60");
        assertEquals(0, started.exit(), started.err());
        String id = started.out().trim();
        try {
            var exec = RuntimeProcess.run(podman("--runtime", runtime.toString(), "exec", id, "sh", "-c", "mkdir /tmp/e; echo $?"), null);
            assertEquals("1\n", exec.out(), "an exec gets the container's filter, as with runc; " + exec.err());
        } finally {
            Tools.run(podman("--runtime", runtime.toString(), "rm", "-f", "-t", "0", id));
        }
    }

    @Test
    void interactiveTtyUnderAPty() {
        List<String> c = podman("--runtime", runtime.toString(), "run", "-it", "--rm", "--network", "none", "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024", IMAGE,
                "sh", "-c", "test -t 0 && test -t 1 && echo is-a-tty; stty size >/dev/null && echo has-size; exit 5");
        var r = RuntimeProcess.run(List.of("script", "-qec", String.join(" ", quote(c)), "/dev/null"), null);
        assertEquals(5, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("is-a-tty\r\n"), r.out());
    }

    @Test
    void execWithATtyLikeRunc() {
        for (String r : List.of("runc", runtime.toString())) {
            var started = run(r, List.of("-d"), "sleep", "60");
            assertEquals(0, started.exit(), started.err());
            String id = started.out().trim();
            try {
                List<String> c = podman("--runtime", r, "exec", "-it", id, "sh", "-c", "test -t 0 && echo exec-tty; exit 6");
                var e = RuntimeProcess.run(List.of("script", "-qec", String.join(" ", quote(c)), "/dev/null"), null);
                assertEquals(6, e.exit(), r + ": " + e.out() + e.err());
                assertTrue(e.out().contains("exec-tty\r\n"), r + ": " + e.out());
            } finally {
                Tools.run(podman("--runtime", r, "rm", "-f", "-t", "0", id));
            }
        }
    }

    private static List<String> quote(List<String> args) {
        List<String> q = new ArrayList<>();
        for (String a : args) q.add("'" + a.replace("'", "'\\''") + "'");
        return q;
    }
}
