package dev.minidocker.runtime.process;

import dev.minidocker.RootOnly;
import dev.minidocker.linux.ProcessSyscalls;
import dev.minidocker.runtime.spec.CgroupPlacement;
import dev.minidocker.runtime.spec.CommandNotExecutableException;
import dev.minidocker.runtime.spec.CommandNotFoundException;
import dev.minidocker.runtime.spec.ContainerSpec;
import dev.minidocker.runtime.spec.ContainerStartException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
class Stage2LauncherTest {
    private Path work;
    private Path rootfs;
    private final Stage2Launcher launcher = new Stage2Launcher();

    @BeforeEach
    void setUp() throws IOException {
        work = Files.createTempDirectory("md-launch");
        rootfs = BusyboxRootfs.create(work.resolve("rootfs"));
    }

    @AfterEach
    void tearDown() throws IOException {
        BusyboxRootfs.deleteWork(work);
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

    static ContainerSpec with(ContainerSpec s, String user, String workingDir, boolean readOnly,
                              List<ContainerSpec.Mount> mounts) {
        return new ContainerSpec(s.id(), s.hostname(), s.args(), s.env(), workingDir, user, s.rootfs(), readOnly,
                mounts, s.network(), s.tty(), s.interactive(), s.capabilities(), s.etcFiles());
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

    @Test
    void appliesEnvironmentWorkingDirAndUser() throws IOException {
        var r = run(with(spec("sh", "-c", "echo $FOO $HOME; pwd; id -u; id -g; id -G"), "user", "/work/dir", false, List.of()));
        assertEquals(0, r.code(), r.out());
        assertEquals(List.of("bar /home/user", "/work/dir", "1000", "1000", "1000 50"), r.out().lines().toList());
        var g = run(with(spec("sh", "-c", "id -u; id -g"), "1000:50", "/", false, List.of()));
        assertEquals(List.of("1000", "50"), g.out().lines().toList());
    }

    @Test
    void unknownUserIsAStartError() {
        var e = assertThrows(ContainerStartException.class,
                () -> run(with(spec("true"), "nobody-here", "/", false, List.of())));
        assertTrue(e.getMessage().contains("unable to find user nobody-here"), e.getMessage());
    }

    @Test
    void stdioSentAtReleaseReplacesWhatStage2WasSpawnedWith() {
        int devNull = ProcessSyscalls.open("/dev/null", dev.minidocker.linux.FileFlags.O_RDWR | ProcessSyscalls.O_CLOEXEC);
        int[] in = ProcessSyscalls.pipe();
        int[] out = ProcessSyscalls.pipe();
        int[] err = ProcessSyscalls.pipe();
        try {
            WaitingStage2 s = launcher.spawn(false, "none", Stdio.of(devNull, devNull, devNull));
            byte[] input = "from stdin".getBytes(StandardCharsets.UTF_8);
            ProcessSyscalls.writeFully(in[1], input, 0, input.length);
            ProcessSyscalls.close(in[1]);
            in[1] = -1;
            RunningContainer c = s.release(spec("sh", "-c", "cat; echo out; echo err >&2; exit 4"), pid -> CgroupPlacement.NONE,
                    Stdio.of(in[0], out[1], err[1]));
            ProcessSyscalls.close(out[1]); // only the container holds the write ends now
            ProcessSyscalls.close(err[1]);
            out[1] = err[1] = -1;
            assertEquals("from stdinout\n", new String(ProcessSyscalls.readAll(out[0]), StandardCharsets.UTF_8));
            assertEquals("err\n", new String(ProcessSyscalls.readAll(err[0]), StandardCharsets.UTF_8));
            assertEquals(4, c.waitFor());
        } finally {
            for (int fd : new int[] {devNull, in[0], in[1], out[0], out[1], err[0], err[1]}) ProcessSyscalls.close(fd);
        }
    }

    @Test
    void exitCodesFollowDocker() {
        assertEquals(3, run(spec("sh", "-c", "exit 3")).code());
        // (killed by a signal -> 128+N: see signalReachesPid1; PID 1 cannot SIGKILL itself)
        var e = assertThrows(CommandNotFoundException.class, () -> run(spec("no-such-command")));
        assertTrue(e.getMessage().contains("executable file not found in $PATH"), e.getMessage());
        assertThrows(CommandNotFoundException.class, () -> run(spec("/bin/nope")));
        assertThrows(CommandNotExecutableException.class, () -> run(spec("/etc/passwd")));
    }

    @Test
    void signalReachesPid1() throws Exception {
        int[] out = ProcessSyscalls.pipe();
        try {
            var c = launcher.start(spec("sleep", "100"), pid -> { }, Stdio.of(out[0], out[1], out[1]));
            c.signal(15); // PID 1 ignores signals it has no handler for, so use KILL as Docker's stop does
            c.signal(9);
            assertEquals(137, c.waitFor());
            assertEquals(137, c.waitFor());
        } finally {
            ProcessSyscalls.close(out[0]);
            ProcessSyscalls.close(out[1]);
        }
    }

    @Test
    void foregroundForwardsSignalsThisJvmReceives() {
        int[] out = ProcessSyscalls.pipe();
        int[] in = ProcessSyscalls.pipe();
        try {
            var c = launcher.start(spec("sh", "-c", "trap 'echo got-term; exit 7' TERM; echo ready; while :; do sleep 0.1; done"),
                    pid -> { }, Stdio.relayed(in[0], out[1], out[1], true));
            byte[] buf = new byte[64];
            int n = ProcessSyscalls.read(out[0], buf, 0, buf.length);
            assertEquals("ready\n", new String(buf, 0, n, StandardCharsets.UTF_8));
            ProcessSyscalls.kill((int) ProcessHandle.current().pid(), 15); // to this JVM: forwarded to PID 1
            assertEquals(7, c.waitFor());
            n = ProcessSyscalls.read(out[0], buf, 0, buf.length);
            assertEquals("got-term\n", new String(buf, 0, n, StandardCharsets.UTF_8));
        } finally {
            for (int fd : new int[] {in[0], in[1], out[0], out[1]}) ProcessSyscalls.close(fd);
        }
    }

    @Test
    void beforeStartGetsThePidAndItsFailureKillsStage2() {
        int[] seen = {0};
        var c = launcher.start(spec("true"), pid -> seen[0] = pid, Stdio.of(0, 2, 2));
        assertEquals(c.pid(), seen[0]);
        assertEquals(0, c.waitFor());
        assertThrows(IllegalStateException.class, () -> launcher.start(spec("true"), pid -> {
            throw new IllegalStateException("no cgroup");
        }, Stdio.of(0, 2, 2)));
    }

    @Test
    void masksProcfsAndKeepsDockersCapabilities() throws IOException {
        // This kernel has no /proc/kcore; /proc/keys and /proc/timer_list (masked alike) do exist.
        String masked = Files.exists(Path.of("/proc/kcore")) ? "/proc/kcore" : "/proc/timer_list";
        var r = run(spec("sh", "-c", "cat " + masked + " | wc -c; ls /proc/acpi | wc -l; grep -E '^Cap(Bnd|Eff|Prm|Inh)' /proc/self/status;"
                + " touch /proc/sysrq-trigger 2>/dev/null || echo ro-sysrq"));
        assertEquals(0, r.code(), r.out());
        var lines = r.out().lines().map(String::trim).toList();
        assertEquals("0", lines.get(0));
        assertEquals("0", lines.get(1));
        assertTrue(lines.contains("CapBnd:\t00000000a80425fb"), r.out());
        assertTrue(lines.contains("CapEff:\t00000000a80425fb"), r.out());
        assertTrue(lines.contains("CapInh:\t0000000000000000"), r.out());
        assertTrue(lines.contains("ro-sysrq"), r.out());
        var user = run(with(spec("grep", "-E", "^Cap(Bnd|Eff)", "/proc/self/status"), "1000", "/", false, List.of()));
        assertEquals(List.of("CapEff:\t0000000000000000", "CapBnd:\t00000000a80425fb"),
                user.out().lines().toList());
    }

    @Test
    void onlyStandardFdsAreOpen() throws IOException {
        var r = run(spec("ls", "/proc/self/fd"));
        assertEquals(List.of("0", "1", "2", "3"), r.out().lines().toList()); // 3: ls's own directory fd
    }

    @Test
    void readOnlyRoot() throws IOException {
        var r = run(with(spec("sh", "-c", "touch /x 2>/dev/null && echo writable || echo read-only; touch /dev/shm/ok && echo shm"),
                null, "/", true, List.of()));
        assertEquals(List.of("read-only", "shm"), r.out().lines().toList());
        assertFalse(Files.exists(rootfs.resolve("x")));
    }

    @Test
    void bindMountsReadOnlyAndReadWrite() throws IOException {
        Path data = Files.createDirectories(work.resolve("data"));
        Files.writeString(data.resolve("in"), "hello\n");
        var mounts = List.of(new ContainerSpec.Mount("bind", data.toString(), "/mnt/ro", List.of("ro")),
                new ContainerSpec.Mount("bind", data.toString(), "/mnt/rw", List.of()),
                new ContainerSpec.Mount("tmpfs", null, "/scratch", List.of("size=1m")));
        var r = run(with(spec("sh", "-c", "cat /mnt/ro/in; touch /mnt/ro/x 2>/dev/null || echo denied;"
                + " echo out > /mnt/rw/out; echo t > /scratch/t && cat /scratch/t"), null, "/", false, mounts));
        assertEquals(List.of("hello", "denied", "t"), r.out().lines().toList());
        assertEquals("out\n", Files.readString(data.resolve("out")));
    }

    @Test
    void missingBindSourceNamesTheDestination() {
        var e = assertThrows(ContainerStartException.class, () -> run(with(spec("true"), null, "/", false,
                List.of(new ContainerSpec.Mount("bind", work.resolve("absent").toString(), "/data", List.of())))));
        assertTrue(e.getMessage().startsWith("mounting " + work.resolve("absent") + " on /data in the container: "),
                e.getMessage());
    }

    @Test
    void mountTargetEscapingThroughASymlinkIsRejected() throws IOException {
        Path hostTarget = Files.createDirectories(work.resolve("host-target"));
        Files.createSymbolicLink(rootfs.resolve("escape"), hostTarget);   // absolute symlink
        Files.createSymbolicLink(rootfs.resolve("up"), Path.of("../.."));  // relative, climbing out
        Path data = Files.createDirectories(work.resolve("data"));
        for (String dest : List.of("/escape/x", "/up/tmp")) {
            var e = assertThrows(ContainerStartException.class, () -> run(with(spec("true"), null, "/", false,
                    List.of(new ContainerSpec.Mount("bind", data.toString(), dest, List.of())))));
            assertTrue(e.getMessage().contains("outside the container's root"), e.getMessage());
        }
        try (var s = Files.list(hostTarget)) {
            assertEquals(0, s.count());
        }
    }

    @Test
    void overlayOfTwoLayers() throws IOException {
        Path lower = Files.createDirectories(work.resolve("layer2"));
        Files.writeString(lower.resolve("from-top"), "top\n");
        Path upper = Files.createDirectories(work.resolve("upper"));
        Path wd = Files.createDirectories(work.resolve("work"));
        Path merged = Files.createDirectories(work.resolve("merged"));
        var s = spec("sh", "-c", "cat /from-top; echo new > /written; ls /bin/busybox");
        var overlay = new ContainerSpec(s.id(), s.hostname(), s.args(), s.env(), "/", null,
                new ContainerSpec.RootFs(List.of(lower.toString(), rootfs.toString()), upper.toString(), wd.toString(),
                        merged.toString()), false, List.of(), "none", false, false, null, null);
        var r = run(overlay);
        assertEquals(List.of("top", "/bin/busybox"), r.out().lines().toList());
        assertEquals("new\n", Files.readString(upper.resolve("written")));
        assertFalse(Files.exists(merged.resolve("written")), "overlay must not stay mounted on the host");
    }

    @Test
    void overlayOf130LayersWithLongPaths() throws IOException {
        List<String> lowers = new ArrayList<>();
        for (int i = 129; i >= 1; i--) { // top-most first
            Path layer = Files.createDirectories(work.resolve("layers/" + String.format("%064x", i) + "/diff"));
            Files.writeString(layer.resolve("layer-" + i), i + "\n");
            Files.writeString(layer.resolve("which"), i + "\n");
            lowers.add(layer.toString());
        }
        lowers.add(rootfs.toString()); // the 130th, at the bottom
        assertTrue(String.join(":", lowers).length() > 4096);
        Path upper = Files.createDirectories(work.resolve("upper"));
        Path wd = Files.createDirectories(work.resolve("work"));
        Path merged = Files.createDirectories(work.resolve("merged"));
        var s = spec("sh", "-c", "cat /which /layer-1 /layer-129; ls / | grep -c layer-");
        var overlay = new ContainerSpec(s.id(), s.hostname(), s.args(), s.env(), "/", null,
                new ContainerSpec.RootFs(lowers, upper.toString(), wd.toString(), merged.toString()), false, List.of(),
                "none", false, false, null, null);
        var r = run(overlay);
        assertEquals(List.of("129", "1", "129", "129"), r.out().lines().toList(), r.out());
    }

    @Test
    void ttyGivesTheContainerAControllingTerminalFromItsOwnDevpts() {
        int[] out = ProcessSyscalls.pipe();
        int[] in = ProcessSyscalls.pipe();
        try {
            var s = spec("sh", "-c", "tty; test -t 0 && echo stdin-is-tty; echo $$");
            var tty = new ContainerSpec(s.id(), s.hostname(), s.args(), s.env(), "/", null, s.rootfs(), false,
                    List.of(), "none", true, false, null, null);
            RunningContainer c;
            try {
                c = launcher.start(tty, pid -> { }, Stdio.of(in[0], out[1], out[1]));
                assertEquals(0, c.waitFor());
            } finally {
                ProcessSyscalls.close(out[1]);
            }
            String output = new String(ProcessSyscalls.readAll(out[0]), StandardCharsets.UTF_8);
            assertEquals(List.of("/dev/pts/0", "stdin-is-tty", "1"), output.lines().map(String::strip).toList());
        } finally {
            for (int fd : new int[] {in[0], in[1], out[0]}) ProcessSyscalls.close(fd);
        }
    }

    @Test
    void networkNamespaceUnlessHostAndEtcFilesBound() throws IOException {
        Path hostname = Files.writeString(work.resolve("hostname"), "from-etc-file\n");
        var s = spec("sh", "-c", "ls /sys/class/net | tr '\\n' ' '; echo; cat /etc/hostname");
        var none = new ContainerSpec(s.id(), s.hostname(), s.args(), s.env(), "/", null, s.rootfs(), false, List.of(),
                "none", false, false, null, new ContainerSpec.EtcFiles(hostname.toString(), null, null));
        var r = run(none);
        assertEquals(List.of("lo ", "from-etc-file"), r.out().lines().toList());
        var host = new ContainerSpec(s.id(), s.hostname(), s.args(), s.env(), "/", null, s.rootfs(), false, List.of(),
                "host", false, false, null, null);
        // Veths of other containers on this machine may come and go meanwhile: the container must
        // see every interface that existed throughout, and none that never existed.
        java.util.Set<String> before = hostInterfaces();
        java.util.Set<String> seen = java.util.Set.of(run(host).out().lines().findFirst().orElse("").trim().split(" "));
        java.util.Set<String> after = hostInterfaces();
        java.util.Set<String> throughout = new java.util.HashSet<>(before);
        throughout.retainAll(after);
        java.util.Set<String> ever = new java.util.HashSet<>(before);
        ever.addAll(after);
        assertTrue(seen.containsAll(throughout) && ever.containsAll(seen), "host " + before + " / " + after + ", container " + seen);
    }

    private static java.util.Set<String> hostInterfaces() throws IOException {
        try (var list = Files.list(Path.of("/sys/class/net"))) {
            return list.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet());
        }
    }
}
