package dev.minidocker.linux.seccomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.RootOnly;
import dev.minidocker.runtime.spec.DefaultCapabilities;
import dev.minidocker.runtime.seccomp.SeccompFilters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiled filters installed for real, in a JVM of their own that then execve's the probe (as
 * stage 2 does; root, as installing a filter without no_new_privs needs CAP_SYS_ADMIN). The probe
 * runs with all of root's capabilities here, so what differs from the unfiltered run is the filter.
 */
@RootOnly
class SeccompInstallRootTest {
    private static final SeccompFilters FILTERS = new SeccompFilters(Libseccomp::load, null);
    private static final List<String> DOCKER_REFUSES = List.of("bpf", "perf_event_open", "kexec_load",
            "open_by_handle_at", "userfaultfd", "add_key", "keyctl", "io_uring_setup", "unshare");

    @TempDir
    Path dir;

    record Ended(int code, String out, String err) {}

    Ended run(SeccompProgram filter, String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (filter != null) {
            Path bpf = dir.resolve("filter.bpf");
            Files.write(bpf, filter.bpf());
            cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                    FilteredExec.class.getName(), bpf.toString()));
        }
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes(), err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Ended(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void dockersDefaultRefusesWhatDockerRefuses() throws Exception {
        String probe = SyscallProbe.binary().toString();
        Ended filtered = run(FILTERS.dockerDefault(DefaultCapabilities.DOCKER), probe);
        assertEquals(0, filtered.code(), filtered.err());
        Map<String, String> results = SyscallProbe.parse(filtered.out());
        for (String call : DOCKER_REFUSES) assertEquals("EPERM", results.get(call), call + ": " + results);
        assertEquals("OK", results.get("mkdirat"));
        assertEquals("OK", results.get("personality"), "personality(0xffffffff) only asks: allowed by an argument condition");
        assertEquals("2", results.get("seccomp_mode"), "SECCOMP_MODE_FILTER");
        assertEquals("0", results.get("no_new_privs"), "Docker's containers keep no_new_privs off");

        // The control: without the filter the same calls reach the kernel (which answers otherwise).
        Map<String, String> unfiltered = SyscallProbe.parse(run(null, probe).out());
        assertEquals("0", unfiltered.get("seccomp_mode"));
        for (String call : List.of("add_key", "keyctl", "userfaultfd", "bpf")) {
            assertNotEquals("EPERM", unfiltered.get(call), call + " unfiltered: " + unfiltered);
        }
    }

    @Test
    void aCustomProfileThatRefusesMkdiratMakesMkdirFail() throws Exception {
        Path profile = dir.resolve("no-mkdir.json");
        Files.writeString(profile, """
                {"defaultAction": "SCMP_ACT_ALLOW",
                 "syscalls": [{"names": ["mkdirat", "mkdir"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1}]}""");
        SeccompProgram filter = FILTERS.fromFile(profile, DefaultCapabilities.DOCKER).orElseThrow();
        Map<String, String> results = SyscallProbe.parse(run(filter, SyscallProbe.binary().toString()).out());
        assertEquals("EPERM", results.get("mkdirat"));
        assertEquals("EINVAL", results.get("add_key"), "everything else is allowed: " + results);
        Ended mkdir = run(filter, "/bin/busybox", "mkdir", dir.resolve("made").toString());
        assertEquals(1, mkdir.code(), mkdir.out() + mkdir.err());
        assertTrue(mkdir.err().contains("Operation not permitted"), mkdir.err());
        assertTrue(Files.notExists(dir.resolve("made")));
    }
}
