package dev.minidocker.runtime.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.RootOnly;
import dev.minidocker.linux.seccomp.Libseccomp;
import dev.minidocker.linux.seccomp.SeccompProgram;
import dev.minidocker.linux.seccomp.SyscallProbe;
import dev.minidocker.runtime.seccomp.SeccompFilters;
import dev.minidocker.runtime.spec.ContainerSpec;
import dev.minidocker.runtime.spec.DefaultCapabilities;
import dev.minidocker.runtime.spec.ExecSpec;
import dev.minidocker.runtime.spec.Hardening;
import dev.minidocker.testing.Podman;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Containers started with a filter in their spec: stage 2 installs it before execve. The probe's
 * answers are compared with podman's on the same host (podman's profile is containers-common's,
 * Docker's plus a few differences, run by the same runc Docker uses).
 */
@RootOnly
class SeccompContainerRootTest {
    /** containers-common's profile, which podman uses by default (Debian package golang-github-containers-common). */
    private static final Path PODMAN_PROFILE = Path.of("/usr/share/containers/seccomp.json");
    private static final SeccompFilters FILTERS = new SeccompFilters(Libseccomp::load, null);
    private Path work;
    private Path rootfs;

    @BeforeEach
    void setUp() throws IOException {
        work = Files.createTempDirectory("md-seccomp");
        rootfs = BusyboxRootfs.create(work.resolve("rootfs"));
        Files.copy(SyscallProbe.binary(), rootfs.resolve("probe"), StandardCopyOption.COPY_ATTRIBUTES);
    }

    @AfterEach
    void tearDown() throws IOException {
        BusyboxRootfs.deleteWork(work);
    }

    PipedProcess.Ended run(SeccompProgram filter, String... args) {
        ContainerSpec spec = new ContainerSpec("5".repeat(64), "seccomp", List.of(args), List.of("PATH=/bin"), "/", null,
                new ContainerSpec.RootFs(List.of(), null, null, rootfs.toString()), false, List.of(), "none",
                false, false, DefaultCapabilities.DOCKER, null).withHardening(Hardening.NONE.withSeccomp(filter));
        return PipedProcess.start(stdio -> new Stage2Launcher().start(spec, pid -> { }, stdio)).end();
    }

    Map<String, String> probe(SeccompProgram filter) {
        PipedProcess.Ended ended = run(filter, "/probe");
        assertEquals(0, ended.code(), ended.out());
        return SyscallProbe.parse(ended.out());
    }

    static boolean refused(String result) {
        return result.equals("EPERM") || result.equals("ENOSYS");
    }

    @Test
    void dockersDefaultRefusesWhatPodmansDefaultRefuses() throws Exception {
        Map<String, String> ours = probe(FILTERS.dockerDefault(DefaultCapabilities.DOCKER));
        Map<String, String> podman;
        try (Podman p = new Podman()) {
            podman = SyscallProbe.parse(p.run(rootfs, List.of(), "/probe"));
        }
        assertEquals("2", ours.get("seccomp_mode"));
        assertEquals(podman.get("seccomp_mode"), ours.get("seccomp_mode"));
        assertEquals(podman.get("no_new_privs"), ours.get("no_new_privs"));
        // Where the two profiles differ: Docker's refuses keyctl and, without CAP_SYS_ADMIN, unshare;
        // containers-common's allows both (podman runs nested containers).
        Map<String, String> dockerStricter = Map.of("keyctl", "EPERM", "unshare", "EPERM");
        for (String call : SyscallProbe.CALLS) {
            String md = ours.get(call), pd = podman.get(call);
            if (dockerStricter.containsKey(call)) {
                assertEquals(dockerStricter.get(call), md, call);
            } else if (refused(pd)) {
                // Docker's default errno is EPERM where containers-common's is ENOSYS (add_key, io_uring_setup).
                assertEquals("EPERM", md, call + ": podman " + pd + ", ours " + md);
            } else {
                assertEquals(pd, md, call + " is allowed by both");
            }
        }
        for (String call : List.of("bpf", "perf_event_open", "kexec_load", "open_by_handle_at", "userfaultfd",
                "add_key", "io_uring_setup")) {
            assertTrue(refused(podman.get(call)), "podman refuses " + call + ": " + podman);
        }
    }

    @Test
    void podmansOwnProfileGivesPodmansAnswers() throws Exception {
        Map<String, String> ours = probe(FILTERS.fromFile(PODMAN_PROFILE, DefaultCapabilities.DOCKER).orElseThrow());
        try (Podman p = new Podman()) {
            assertEquals(SyscallProbe.parse(p.run(rootfs, List.of(), "/probe")), ours,
                    "the same profile through runc and through mini-docker");
        }
    }

    @Test
    void aProfileThatRefusesMkdiratMakesMkdirFailWithEperm() throws IOException {
        Path profile = work.resolve("no-mkdir.json");
        Files.writeString(profile, """
                {"defaultAction": "SCMP_ACT_ALLOW",
                 "syscalls": [{"names": ["mkdirat", "mkdir"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1}]}""");
        SeccompProgram filter = FILTERS.fromFile(profile, DefaultCapabilities.DOCKER).orElseThrow();
        PipedProcess.Ended mkdir = run(filter, "sh", "-c", "mkdir /made; echo status $?");
        assertTrue(mkdir.out().contains("Operation not permitted"), mkdir.out());
        assertTrue(mkdir.out().contains("status 1"), mkdir.out());
        assertTrue(Files.notExists(rootfs.resolve("made")));
        assertEquals("OK", SyscallProbe.calls(probe(null)).get("mkdirat"), "unconfined (no filter) allows it");
        assertEquals("0", probe(null).get("seccomp_mode"), "unconfined: no filter at all");
    }

    @Test
    void initKeepsTheFilterForItsChild() {
        ContainerSpec spec = new ContainerSpec("6".repeat(64), "seccomp", List.of("/probe"), List.of("PATH=/bin"), "/", null,
                new ContainerSpec.RootFs(List.of(), null, null, rootfs.toString()), false, List.of(), "none",
                false, false, DefaultCapabilities.DOCKER, null)
                .withInit(true).withHardening(Hardening.NONE.withSeccomp(FILTERS.dockerDefault(DefaultCapabilities.DOCKER)));
        PipedProcess.Ended ended = PipedProcess.start(stdio -> new Stage2Launcher().start(spec, pid -> { }, stdio)).end();
        assertEquals(0, ended.code(), ended.out());
        Map<String, String> results = SyscallProbe.parse(ended.out());
        assertEquals("EPERM", results.get("add_key"), results.toString());
        assertEquals("2", results.get("seccomp_mode"));
    }

    @Test
    void execGetsTheContainersFilter() {
        SeccompProgram filter = FILTERS.dockerDefault(DefaultCapabilities.DOCKER);
        ContainerSpec spec = new ContainerSpec("7".repeat(64), "seccomp", List.of("sleep", "1000"), List.of("PATH=/bin"), "/", null,
                new ContainerSpec.RootFs(List.of(), null, null, rootfs.toString()), false, List.of(), "none",
                false, false, DefaultCapabilities.DOCKER, null).withHardening(Hardening.NONE.withSeccomp(filter));
        var container = PipedProcess.start(stdio -> new Stage2Launcher().start(spec, pid -> { }, stdio));
        try {
            ExecSpec exec = new ExecSpec(List.of("/probe"), List.of("PATH=/bin"), "/", null, false,
                    DefaultCapabilities.DOCKER, List.of(), Hardening.NONE.withSeccomp(filter));
            PipedProcess.Ended ended = PipedProcess.start(stdio -> new ExecLauncher().start(container.pid(), exec, false, stdio)).end();
            assertEquals(0, ended.code(), ended.out());
            Map<String, String> results = SyscallProbe.parse(ended.out());
            assertEquals("EPERM", results.get("keyctl"), results.toString());
            assertEquals("2", results.get("seccomp_mode"));
        } finally {
            dev.minidocker.linux.ProcessSyscalls.kill(container.pid(), 9);
            container.end();
        }
    }
}
