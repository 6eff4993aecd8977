package dev.minidocker.runtime.init;

import dev.minidocker.linux.Errno;
import dev.minidocker.linux.UnixSockets;
import dev.minidocker.runtime.spec.CgroupPlacement;
import dev.minidocker.runtime.spec.CommandNotExecutableException;
import dev.minidocker.runtime.spec.CommandNotFoundException;
import dev.minidocker.runtime.spec.ContainerSpec;
import dev.minidocker.runtime.spec.ExecSpec;
import dev.minidocker.runtime.spec.Hardening;
import dev.minidocker.runtime.spec.Stage2Message;
import dev.minidocker.runtime.spec.Stage2Protocol;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stage 2's order of operations, on a recording fake of its syscalls (no root): for run, exec and
 * --init, what happens between the release and execve, and how failures are reported.
 */
class Stage2OrderTest {
    static final CgroupPlacement PLACEMENT = new CgroupPlacement(List.of("/cg/ctr/cgroup.procs"), List.of("/cg/own/cgroup.procs"));
    /** Docker's default set keeps 14 capabilities; the fake kernel knows 0..40. */
    static final int DROPPED = 41 - 14;

    final RecordingSyscalls sys = new RecordingSyscalls();

    Stage2OrderTest() {
        sys.files.put("/etc/passwd", "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n");
        sys.files.put("/etc/group", "app:x:1000:\nwheel:x:10:app\n");
        sys.executables.add("/bin/sh");
    }

    static ContainerSpec spec(String user, boolean init, String... args) {
        return new ContainerSpec("c".repeat(64), "h", List.of(args), List.of("PATH=/usr/bin:/bin"), "/app", user,
                new ContainerSpec.RootFs(List.of("/l1", "/l0"), "/u", "/w", "/m"), false, List.of(), "none",
                false, false, null, new ContainerSpec.EtcFiles("/e/hostname", "/e/hosts", "/e/resolv.conf")).withInit(init);
    }

    /** Runs stage 2 for a container until its process image ends (execve or _exit). */
    void run(ContainerSpec spec) {
        sys.release = new UnixSockets.Received(new Stage2Message(PLACEMENT, spec).encode(), new int[0]);
        assertThrows(RecordingSyscalls.ProcessEnded.class, () -> new Stage2(sys).run());
    }

    /** Each of {@code steps} starts a call, in this order (other calls may come in between). */
    void assertInOrder(String... steps) {
        int at = 0;
        for (String step : steps) {
            while (at < sys.calls.size() && !sys.calls.get(at).startsWith(step)) at++;
            if (at == sys.calls.size()) throw new AssertionError("no `" + step + "` in order in\n" + String.join("\n", sys.calls));
            at++;
        }
    }

    List<String> startingWith(String prefix) {
        List<String> found = new ArrayList<>();
        for (String c : sys.calls) if (c.startsWith(prefix)) found.add(c);
        return found;
    }

    String last() {
        return sys.calls.getLast();
    }

    @Test
    void runJoinsUnsharesLeavesMountsPivotsThenDropsToTheUserAndExecs() {
        run(spec("app", false, "sh", "-c", "true"));
        assertInOrder("prctl PR_SET_DUMPABLE 0", "recvmsg 3", "close 3",
                "open /cg/ctr/cgroup.procs", "open /cg/own/cgroup.procs",
                "write /cg/ctr/cgroup.procs 0", "unshare CLONE_NEWCGROUP", "write /cg/own/cgroup.procs 0",
                "mount overlay /m overlay", "mount proc", "pivot_root", "umount2 .", "chdir /",
                "sethostname h", "read /etc/passwd", "read /etc/group", "mkdirs /app",
                "write /cg/ctr/cgroup.procs 0", "keyctl JOIN_SESSION_KEYRING", "prctl PR_CAPBSET_DROP",
                "setgroups [1000, 10]", "setgid 1000", "setuid 1000", "chdir /app", "close_range 3 CLOEXEC",
                "report READY", "execve /usr/bin/sh [sh, -c, true]", "execve /bin/sh [sh, -c, true]");
        assertEquals("(replaced by /bin/sh)", last());
        assertEquals(DROPPED, startingWith("prctl PR_CAPBSET_DROP").size());
        assertEquals(List.of(), startingWith("capset"), "a user other than root gets no capabilities");
        assertEquals(List.of(), startingWith("mount proc /proc"), "every container mount goes through a descriptor");
        int pivot = sys.calls.indexOf("pivot_root . .");
        assertTrue(sys.calls.indexOf("read /etc/passwd") > pivot, "the container's passwd, not the host's");
        assertTrue(sys.calls.lastIndexOf("write /cg/ctr/cgroup.procs 0") > sys.calls.indexOf("mkdirs /app"),
                "the container's limits apply only from the last step before the credentials change");
    }

    /**
     * A pool's stage 2 boots at a lower priority: once booted, before it waits for its release,
     * every thread returns to its spawner's nice value, which the command then inherits.
     */
    @Test
    void aStage2SpawnedAheadOfTimeReturnsToItsSpawnersNiceValueBeforeItWaits() {
        sys.release = new UnixSockets.Received(new Stage2Message(PLACEMENT, spec("app", false, "sh")).encode(), new int[0]);
        assertThrows(RecordingSyscalls.ProcessEnded.class, () -> new Stage2(sys, -3, null, null).run());
        assertInOrder("prctl PR_SET_DUMPABLE 0", "setpriority every thread -3", "recvmsg 3", "open /cg/ctr/cgroup.procs",
                "mount overlay", "pivot_root", "execve /bin/sh");
        assertEquals(1, startingWith("setpriority").size());
    }

    /** A pool's stage 2 mounts /proc, /dev and /sys while it waits, at its boot's priority; the release moves them in. */
    @Test
    void aStage2SpawnedAheadOfTimePreparesItsMountTreeBeforeItWaits() {
        sys.release = new UnixSockets.Received(new Stage2Message(PLACEMENT, spec("app", false, "sh")).encode(), new int[0]);
        assertThrows(RecordingSyscalls.ProcessEnded.class, () -> new Stage2(sys, -3, null, "/tree").run());
        assertInOrder("prctl PR_SET_DUMPABLE 0", "mount tmpfs /tree tmpfs", "mount proc fd(/proc) proc",
                "mount sysfs fd(/sys) sysfs", "mount none fd(/proc/sys)", "setpriority every thread -3", "recvmsg 3",
                "unshare CLONE_NEWCGROUP", "mount overlay /m overlay", "mount /tree/proc fd(/proc) null 0x2000",
                "mount /tree/dev fd(/dev)", "mount /tree/sys fd(/sys)", "pivot_root", "execve /bin/sh");
        assertEquals(1, startingWith("mount proc").size());
    }

    /** A tree that could not be prepared is no failure: the release mounts everything itself. */
    @Test
    void aTreeThatFailedIsMountedAtTheRelease() {
        sys.failingMount = "mount tmpfs /tree ";
        sys.release = new UnixSockets.Received(new Stage2Message(PLACEMENT, spec("app", false, "sh")).encode(), new int[0]);
        assertThrows(RecordingSyscalls.ProcessEnded.class, () -> new Stage2(sys, null, null, "/tree").run());
        assertInOrder("mount tmpfs /tree tmpfs", "recvmsg 3", "mount overlay /m overlay",
                "mount proc fd(/proc) proc", "mount sysfs fd(/sys) sysfs", "pivot_root", "execve /bin/sh");
        assertTrue(sys.calls.stream().noneMatch(c -> c.startsWith("mount /tree/")), String.join("\n", sys.calls));
    }

    @Test
    void aStage2SpawnedForItsRunKeepsItsNiceValue() {
        run(spec("app", false, "sh"));
        assertEquals(List.of(), startingWith("setpriority"));
    }

    @Test
    void rootKeepsDockersCapabilitiesAfterSetuid() {
        run(spec(null, false, "/bin/sh"));
        assertInOrder("prctl PR_CAPBSET_DROP", "setgroups [0]", "setgid 0", "setuid 0", "capset 0xa80425fb",
                "chdir /app", "close_range 3", "report READY", "execve /bin/sh");
        assertEquals(DROPPED, startingWith("prctl PR_CAPBSET_DROP").size());
    }

    @Test
    void aCommandNotFoundIsReportedAsSuchAfterThePathSearch() {
        run(spec("app", false, "nosuch"));
        assertInOrder("report READY", "execve /usr/bin/nosuch", "execve /bin/nosuch", "report EXEC_FAILED ENOENT nosuch",
                "exit 125");
        assertEquals("exit 125", last());
        assertEquals(Stage2Protocol.FAILURE_EXIT, sys.exitCode);
        assertEquals("exec: \"nosuch\": executable file not found in $PATH",
                assertInstanceOf(CommandNotFoundException.class, Stage2Protocol.failure(
                        reportBytes(Stage2Protocol.EXEC_FAILED, "nosuch", Errno.ENOENT), 125)).getMessage());
    }

    @Test
    void aCommandFoundButNotExecutableIsEacces() {
        sys.errnos.put("/usr/bin/app.sh", Errno.EACCES);
        run(spec("app", false, "app.sh"));
        assertInOrder("execve /usr/bin/app.sh", "execve /bin/app.sh", "report EXEC_FAILED EACCES app.sh", "exit 125");
        assertInstanceOf(CommandNotExecutableException.class,
                Stage2Protocol.failure(reportBytes(Stage2Protocol.EXEC_FAILED, "app.sh", Errno.EACCES), 125));
    }

    @Test
    void aSetupFailureIsReportedInOneLineAndNothingRunsAfterIt() {
        sys.failing = "sethostname";
        run(spec("app", false, "sh"));
        assertInOrder("pivot_root", "sethostname h", "report SETUP_FAILED sethostname h: Operation not permitted", "exit 125");
        assertEquals("exit 125", last());
        for (String never : List.of("keyctl", "setuid", "report READY", "execve")) {
            assertEquals(List.of(), startingWith(never), never + " after a failed set-up");
        }
    }

    @Test
    void aLauncherThatGaveUpEndsStage2BeforeAnything() {
        sys.release = new UnixSockets.Received(new byte[0], new int[0]);
        assertThrows(RecordingSyscalls.ProcessEnded.class, () -> new Stage2(sys).run());
        assertEquals(List.of("prctl PR_SET_DUMPABLE 0", "recvmsg 3", "close 3", "exit 125"), sys.calls);
    }

    @Test
    void stdioSentWithTheReleaseBecomesZeroOneTwoFirst() {
        sys.release = new UnixSockets.Received(new Stage2Message(PLACEMENT, spec("app", false, "sh")).encode(), new int[] {7, 8, 9});
        assertThrows(RecordingSyscalls.ProcessEnded.class, () -> new Stage2(sys).run());
        assertInOrder("close 3", "dup2 7 0", "dup2 8 1", "dup2 9 2", "close 7", "close 8", "close 9",
                "open /cg/ctr/cgroup.procs");
    }

    @Test
    void execEntersTheCgroupAndMountNamespacesThenDropsAndExecs() {
        sys.execMessage = new ExecSpec(List.of("sh"), List.of("PATH=/bin"), "/work", "app", false, null,
                List.of("/cg/ctr/cgroup.procs")).encode();
        assertThrows(RecordingSyscalls.ProcessEnded.class, () -> new ExecStage2(sys).run());
        assertInOrder("prctl PR_SET_DUMPABLE 0", "read 3", "close 3", "open /cg/ctr/cgroup.procs",
                "read /proc/sys/kernel/cap_last_cap", "setns 5 CLONE_NEWCGROUP", "unshare CLONE_FS",
                "setns 6 CLONE_NEWNS", "close 5", "close 6", "read /etc/passwd",
                "write /cg/ctr/cgroup.procs 0", "keyctl JOIN_SESSION_KEYRING", "prctl PR_CAPBSET_DROP",
                "setgroups [1000, 10]", "setgid 1000", "setuid 1000", "chdir /work", "close_range 3 CLOEXEC",
                "report READY", "execve /bin/sh [sh]");
        assertEquals(DROPPED, startingWith("prctl PR_CAPBSET_DROP").size());
        assertEquals(List.of(), startingWith("mount"), "exec mounts nothing");
    }

    @Test
    void initStaysAsPid1SpawnsTheCommandForwardsSignalsAndExitsWithItsStatus() {
        sys.waits.add(-1L); // before pivot_root: no children yet
        sys.waits.add((100L << 32) | (3 << 8)); // then the command exits 3
        sys.signalWhileWaiting = "TERM";
        run(spec("app", true, "sh", "-c", "exit 3"));
        assertInOrder("unshare CLONE_NEWCGROUP", "write /cg/own/cgroup.procs 0", "sigaction TERM", "waitpid -1",
                "mount overlay", "pivot_root", "write /cg/ctr/cgroup.procs 0", "keyctl", "setuid 1000",
                "close_range 3", "posix_spawn /usr/bin/sh", "posix_spawn /bin/sh", "report READY", "close 4",
                "write /cg/own/cgroup.procs 0", "waitpid -1", "kill 100 15", "exit 3");
        assertEquals(3, sys.exitCode);
        assertEquals(List.of(), startingWith("execve"), "--init never execs");
    }

    @Test
    void initHoldsASignalThatComesBeforeTheCommandsPidAndSendsItOnceKnown() {
        sys.waits.add(-1L);
        sys.waits.add((100L << 32) | 15); // killed by SIGTERM
        sys.signalDuringSpawn = "TERM";
        run(spec("app", true, "sh", "-c", "echo ready; exec sleep 100"));
        assertInOrder("sigaction TERM", "posix_spawn /bin/sh", "kill 100 15", "report READY", "exit 143");
        assertEquals(1, startingWith("kill").size(), "sent once, when the pid was known");
    }

    @Test
    void aLauncherThatDiedGetsNoReportAndStage2ExitsWithoutAStackTrace() {
        sys.launcherGone = true;
        run(spec("app", false, "sh"));
        assertInOrder("report (EPIPE)", "exit 125");
        assertEquals(List.of(), startingWith("execve"), "nobody waits for the container: the command never runs");
    }

    @Test
    void initReportsACommandItCannotSpawn() {
        run(spec("app", true, "nosuch"));
        assertInOrder("posix_spawn /usr/bin/nosuch", "posix_spawn /bin/nosuch", "report READY",
                "report EXEC_FAILED ENOENT nosuch", "exit 125");
        assertFalse(sys.calls.contains("close 4"), "the error pipe stays open for the report");
    }

    static final dev.minidocker.linux.seccomp.SeccompProgram FILTER = new dev.minidocker.linux.seccomp.SeccompProgram(new byte[24]);

    @Test
    void withoutNoNewPrivilegesTheFilterGoesBeforeTheCapabilityDrop() {
        // Installing a filter without no_new_privs needs CAP_SYS_ADMIN: before the drop (runc's order),
        // after keyctl, which the default profile refuses; the limits first (a hard limit needs CAP_SYS_RESOURCE).
        run(spec("app", false, "sh").withHardening(new Hardening(FILTER, false, List.of(new Hardening.Rlimit(7, 123, 123)))));
        assertInOrder("pivot_root", "keyctl JOIN_SESSION_KEYRING", "setrlimit 7 123:123", "seccomp 3 instructions",
                "prctl PR_CAPBSET_DROP", "setuid 1000", "close_range 3", "report READY", "execve /usr/bin/sh");
        assertEquals(List.of(), startingWith("prctl PR_SET_NO_NEW_PRIVS"));
        assertEquals(1, startingWith("seccomp").size());
    }

    @Test
    void noNewPrivilegesComesAfterTheCapabilityDropAndTheFilterLastBeforeExecve() {
        run(spec(null, false, "sh").withHardening(new Hardening(FILTER, true, List.of())));
        assertInOrder("keyctl JOIN_SESSION_KEYRING", "prctl PR_CAPBSET_DROP", "setuid 0", "capset", "close_range 3",
                "prctl PR_SET_NO_NEW_PRIVS 1", "seccomp 3 instructions", "report READY", "execve /usr/bin/sh");
        assertEquals(1, startingWith("seccomp").size());
    }

    @Test
    void sysctlsAreWrittenBeforeTheMountsAndGroupAddJoinsTheGroups() {
        run(spec("app", false, "sh").withHardening(new Hardening(null, false, List.of(), List.of("wheel", "77"),
                List.of("net.ipv4.ip_forward=1"), false)));
        assertInOrder("unshare CLONE_NEWCGROUP", "open /proc/sys/net/ipv4/ip_forward", "write /proc/sys/net/ipv4/ip_forward 1",
                "mount overlay", "pivot_root", "setgroups [1000, 10, 77]", "setuid 1000");
    }

    @Test
    void withoutAFilterNothingIsInstalled() {
        run(spec(null, false, "sh"));
        assertEquals(List.of(), startingWith("seccomp"));
        assertEquals(List.of(), startingWith("prctl PR_SET_NO_NEW_PRIVS"));
    }

    @Test
    void execAppliesTheContainersHardeningAtTheSamePoints() {
        sys.execMessage = new ExecSpec(List.of("sh"), List.of("PATH=/bin"), "/work", "app", false, null,
                List.of("/cg/ctr/cgroup.procs"), new Hardening(FILTER, true, List.of())).encode();
        assertThrows(RecordingSyscalls.ProcessEnded.class, () -> new ExecStage2(sys).run());
        assertInOrder("setns 6 CLONE_NEWNS", "keyctl JOIN_SESSION_KEYRING", "prctl PR_CAPBSET_DROP", "setuid 1000",
                "prctl PR_SET_NO_NEW_PRIVS 1", "seccomp 3 instructions", "report READY", "execve /bin/sh");
    }

    static byte[] reportBytes(byte kind, String text, int errno) {
        return Stage2Protocol.report(kind, text.getBytes(java.nio.charset.StandardCharsets.UTF_8), errno);
    }
}
