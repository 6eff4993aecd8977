package dev.minidocker.runtime.init;

import dev.minidocker.runtime.spec.ContainerSpec;
import dev.minidocker.runtime.spec.Hardening;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Stage 2 for an OCI bundle (ContainerSpec.OciExtras), on the recording fake: the start gate and the bundle's process settings. */
class Stage2OciOrderTest {
    private final Stage2OrderTest order = new Stage2OrderTest();

    static ContainerSpec ociSpec(List<String> additionalGids, String... args) {
        var extras = new ContainerSpec.OciExtras("/run/state/x/exec.fifo", List.of("/proc/kcore"), List.of("/proc/sys"),
                100, additionalGids);
        // the bundle's sysctl, rlimits and noNewPrivileges, as BundleReader translates them
        var hardening = new Hardening(null, true, List.of(new Hardening.Rlimit(7, 1024, 2048)), List.of(),
                List.of("net.ipv4.ping_group_range=0 0"), false);
        return new ContainerSpec("x", "h", List.of(args), List.of("PATH=/bin"), "/", "0:0",
                new ContainerSpec.RootFs(List.of(), null, null, "/bundle/rootfs"), false,
                List.of(new ContainerSpec.Mount("proc", "proc", "/proc", List.of("nosuid")),
                        new ContainerSpec.Mount("tmpfs", "tmpfs", "/dev", List.of("mode=755"))),
                "none", false, false, List.of("CAP_KILL"), null, false, hardening, extras);
    }

    @Test
    void setsUpThenWaitsAtTheGateThenExecsWithoutReportingAgain() {
        order.run(ociSpec(List.of("5", "7"), "/bin/sh"));
        order.assertInOrder("open /run/state/x/exec.fifo O_RDWR", "open /proc/self/oom_score_adj",
                "write /proc/self/oom_score_adj 100", "open /proc/sys/net/ipv4/ping_group_range",
                "write /proc/sys/net/ipv4/ping_group_range 0 0", "mount /bundle/rootfs /bundle/rootfs", "pivot_root",
                "setrlimit 7 1024:2048", "setgroups [5, 7]", "setgid 0", "setuid 0",
                "prctl PR_SET_NO_NEW_PRIVS 1", "report WAITING", "read 9 (start gate)", "execve /bin/sh");
        assertEquals(List.of(), order.startingWith("report READY"), "the launcher is gone after the gate");
        assertEquals(Stage2OrderTest.DROPPED + 13, order.startingWith("prctl PR_CAPBSET_DROP").size(),
                "only the bundle's one bounding capability is kept");
    }

    @Test
    void aCommandNotFoundAfterTheGateGoesToStderrWithTheShellsStatus() {
        order.run(ociSpec(null, "nosuch"));
        order.assertInOrder("report WAITING", "read 9 (start gate)", "execve /bin/nosuch",
                "write fd 2 exec: \"nosuch\": executable file not found in $PATH", "exit 127");
        assertEquals(List.of(), order.startingWith("report EXEC_FAILED"));
    }

    @Test
    void withoutAdditionalGidsTheGroupFileDecides() {
        order.run(ociSpec(null, "/bin/sh"));
        order.assertInOrder("setgroups [0]", "setgid 0");
    }
}
