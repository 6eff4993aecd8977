package dev.minidocker.oci;

import dev.minidocker.InvalidArgumentException;
import dev.minidocker.linux.seccomp.SeccompProgram;
import dev.minidocker.runtime.seccomp.SeccompProfile;
import dev.minidocker.runtime.seccomp.SeccompProfileException;
import dev.minidocker.runtime.seccomp.SeccompProfileReader;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.*;

/** config.json's linux.seccomp → the profile runtime/seccomp compiles; its refusals (no root). */
class OciSeccompTest {
    @TempDir Path dir;

    /** A podman-like section: errno default with defaultErrnoRet, three arches, a uint64 past a long, TSYNC. */
    static final String SECTION = """
            {"defaultAction":"SCMP_ACT_ERRNO","defaultErrnoRet":38,
             "architectures":["SCMP_ARCH_X86_64","SCMP_ARCH_X86","SCMP_ARCH_X32"],"flags":["SECCOMP_FILTER_FLAG_TSYNC"],
             "syscalls":[
               {"names":["read","write","no_such_call_at_all"],"action":"SCMP_ACT_ALLOW"},
               {"names":["personality"],"action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":8,"op":"SCMP_CMP_EQ"}]},
               {"names":["ioctl"],"action":"SCMP_ACT_ALLOW",
                "args":[{"index":1,"value":18446744073709551615,"valueTwo":21505,"op":"SCMP_CMP_MASKED_EQ"}]},
               {"names":["mkdir","mkdirat"],"action":"SCMP_ACT_ERRNO","errnoRet":1},
               {"names":["ptrace"],"action":"SCMP_ACT_KILL_PROCESS"},{"names":["kill"],"action":"SCMP_ACT_TRAP"},
               {"names":["getpid"],"action":"SCMP_ACT_LOG"},{"names":["gettid"],"action":"SCMP_ACT_TRACE","errnoRet":7},
               {"names":["tkill"],"action":"SCMP_ACT_KILL_THREAD"},{"names":["tgkill"],"action":"SCMP_ACT_KILL"}]}
            """;

    private Bundle read(String section) throws IOException {
        Files.createDirectories(dir.resolve("rootfs"));
        Files.writeString(dir.resolve("config.json"),
                BundleReaderTest.PODMAN.replace("\"maskedPaths\"", "\"seccomp\":" + section + ",\"maskedPaths\""));
        return BundleReader.read(dir.toString(), "abc", "/state/abc/exec.fifo");
    }

    @Test
    void theSectionIsADockerFormatProfile() throws IOException {
        OciSeccomp.Section section = read(SECTION).seccomp();
        assertEquals(0, section.flags(), "TSYNC changes nothing here");
        SeccompProfile p = SeccompProfileReader.parse(section.profile(), "test");
        assertEquals("SCMP_ACT_ERRNO", p.defaultAction());
        assertEquals(38, p.defaultErrnoRet());
        assertEquals(List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"), p.architectures());
        assertNull(p.flags(), "flags are taken out of the profile");
        assertEquals(SeccompProgram.FLAG_LOG | SeccompProgram.FLAG_SPEC_ALLOW, read(SECTION.replace("\"SECCOMP_FILTER_FLAG_TSYNC\"",
                "\"SECCOMP_FILTER_FLAG_LOG\",\"SECCOMP_FILTER_FLAG_SPEC_ALLOW\"")).seccomp().flags());
        assertEquals(10, p.syscalls().size());
        SeccompProfile.Arg ioctl = p.syscalls().get(2).args().get(0);
        assertEquals(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE), ioctl.value());
        assertEquals(-1L, ioctl.datum(), "all 64 bits");
        assertEquals(21505L, ioctl.datumTwo());
        assertEquals(1, p.syscalls().get(3).errnoRet());
        assertNull(read(SECTION).spec().hardening().seccomp(), "compiled at create, not by the reader (start and delete read it too)");
        Files.writeString(dir.resolve("config.json"), BundleReaderTest.PODMAN);
        assertNull(BundleReader.read(dir.toString(), "abc", null).seccomp(), "no section, no profile");
    }

    @Test
    void refusesWhatRuncWouldNotRunOrWeCannotHonour() throws IOException {
        refused("unknown flag SECCOMP_FILTER_FLAG_BOGUS", SECTION.replace("FLAG_TSYNC", "FLAG_BOGUS"));
        refused("flag SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (for a notify listener) is not supported",
                SECTION.replace("FLAG_TSYNC", "FLAG_WAIT_KILLABLE_RECV"));
        refused("listenerPath", SECTION.replace("\"flags\"", "\"listenerPath\":\"/run/agent.sock\",\"flags\""));
        Path state = Files.createDirectories(dir.resolve("state/abc"));
        for (String[] bad : new String[][] {{"SCMP_ACT_KILL_PROCESS", "SCMP_ACT_DENY", "unknown action \"SCMP_ACT_DENY\""},
                {"SCMP_CMP_EQ", "SCMP_CMP_SAME", "unknown comparison"}, {"SCMP_ARCH_X32", "SCMP_ARCH_Z80", "unknown architecture"}}) {
            OciSeccomp.Section profile = read(SECTION.replace(bad[0], bad[1])).seccomp();
            var e = assertThrows(SeccompProfileException.class,
                    () -> OciSeccomp.compile(dir.resolve("state"), state, profile, List.of("CAP_CHOWN")));
            assertTrue(e.getMessage().contains(bad[2]) && e.getMessage().contains("config.json linux.seccomp"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
        }
        assertNull(OciSeccomp.ofContainer(state), "nothing recorded for a refused profile");
    }

    private void refused(String expected, String section) {
        var e = assertThrows(InvalidArgumentException.class, () -> read(section));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void compilesWithTheSystemsLibseccompAndKeepsTheFilterForExec() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(libseccompPresent(), "libseccomp is not installed");
        Path state = Files.createDirectories(dir.resolve("state/abc"));
        SeccompProgram p = OciSeccomp.compile(dir.resolve("state"), state, read(SECTION).seccomp(), List.of("CAP_CHOWN"));
        assertNotNull(p, "an unknown syscall name is skipped, as runc skips it");
        assertEquals(p, OciSeccomp.ofContainer(state));
        SeccompProgram logged = OciSeccomp.compile(dir.resolve("state"), state,
                read(SECTION.replace("FLAG_TSYNC", "FLAG_LOG")).seccomp(), List.of("CAP_CHOWN"));
        assertEquals(p.withFlags(SeccompProgram.FLAG_LOG), logged, "the same program (cached), with the flag");
        assertEquals(logged, OciSeccomp.ofContainer(state), "exec gets the flags too");
        assertTrue(Files.isDirectory(dir.resolve("state/@seccomp")), "kept in the runtime's cache");
        assertEquals(p, OciSeccomp.compile(dir.resolve("state"), state, read(SECTION).seccomp(), List.of("CAP_CHOWN")));
        assertNull(OciSeccomp.compile(dir.resolve("state"), Files.createDirectories(dir.resolve("state/b")),
                read("{}").seccomp(), List.of()), "an empty section asks for no filter");
    }

    @Test
    @SuppressWarnings("unchecked")
    void featuresAdvertiseSeccomp() throws IOException {
        var linux = (java.util.Map<String, Object>) ((java.util.Map<String, Object>) dev.minidocker.json.JsonValues.parse(
                Features.json().getBytes(java.nio.charset.StandardCharsets.UTF_8))).get("linux");
        var seccomp = (java.util.Map<String, Object>) linux.get("seccomp");
        assertEquals(Boolean.TRUE, seccomp.get("enabled"));
        assertTrue(((List<Object>) seccomp.get("actions")).contains("SCMP_ACT_KILL_PROCESS"));
        assertTrue(((List<Object>) seccomp.get("supportedFlags")).contains("SECCOMP_FILTER_FLAG_LOG"));
    }

    private static boolean libseccompPresent() {
        try {
            dev.minidocker.linux.seccomp.Libseccomp.load();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
