package dev.minidocker.runtime.seccomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Docker's format as Docker reads it, and one-line errors naming the file and the problem. */
class SeccompProfileReaderTest {
    @TempDir
    Path dir;

    @Test
    void dockerDefaultIsDockers() {
        SeccompProfile p = SeccompProfileReader.dockerDefault();
        assertEquals("SCMP_ACT_ERRNO", p.defaultAction());
        assertEquals(1, p.defaultErrnoRet());
        assertEquals(List.of("SCMP_ARCH_X86", "SCMP_ARCH_X32"), p.archMap().stream()
                .filter(m -> m.architecture().equals("SCMP_ARCH_X86_64")).findFirst().orElseThrow().subArchitectures());
        List<String> allowed = p.syscalls().get(0).names();
        assertEquals("SCMP_ACT_ALLOW", p.syscalls().get(0).action());
        assertTrue(allowed.containsAll(List.of("read", "write", "execve", "mkdirat", "futex")), "the allow list");
        for (String refused : List.of("add_key", "keyctl", "request_key", "io_uring_setup", "userfaultfd", "kexec_load", "bpf")) {
            assertFalse(allowed.contains(refused), refused + " must not be in the unconditional allow list");
        }
        var clone = p.syscalls().stream().filter(s -> s.names().equals(List.of("clone")) && s.args() != null
                && s.args().get(0).index() == 0).findFirst().orElseThrow();
        assertEquals(BigInteger.valueOf(2114060288L), clone.args().get(0).value());
        assertEquals(List.of("CAP_SYS_ADMIN"), clone.excludes().caps());
    }

    @Test
    void theBuiltInProfileIsTheOneItsDigestNames() throws Exception {
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(SeccompProfileReader.dockerDefaultBytes());
        assertEquals(SeccompProfileReader.DOCKER_DEFAULT_SHA256, java.util.HexFormat.of().formatHex(digest),
                "a new default.json needs its sha256 in DOCKER_DEFAULT_SHA256 (the filter cache's key)");
    }

    @Test
    void readsAProfileFile() throws IOException {
        Path f = dir.resolve("p.json");
        Files.writeString(f, "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"comment\": \"unknown fields are ignored\","
                + " \"syscalls\": [{\"names\": [\"mkdirat\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 1}]}");
        SeccompProfile p = SeccompProfileReader.read(f);
        assertEquals("SCMP_ACT_ALLOW", p.defaultAction());
        assertEquals(List.of("mkdirat"), p.syscalls().get(0).names());
    }

    @Test
    void aMissingFileIsOneLineNamingIt() {
        Path f = dir.resolve("none.json");
        var e = assertThrows(SeccompProfileException.class, () -> SeccompProfileReader.read(f));
        assertEquals("seccomp profile " + f + ": no such file", e.getMessage());
    }

    @Test
    void malformedJsonSaysWhere() throws IOException {
        Path f = dir.resolve("bad.json");
        Files.writeString(f, "{\n  \"defaultAction\": \"SCMP_ACT_ALLOW\",\n  \"syscalls\": [ }\n");
        var e = assertThrows(SeccompProfileException.class, () -> SeccompProfileReader.read(f));
        assertTrue(e.getMessage().startsWith("seccomp profile " + f + ": malformed JSON at line 3, column 17: "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void wrongTypesAndEmptyFilesAreMalformed() {
        assertProblem("[]", "malformed JSON at line 1, column 1: Cannot deserialize");
        assertProblem("", "malformed JSON");
        assertProblem("null", "not a JSON object");
        assertProblem("{\"defaultAction\": \"SCMP_ACT_ALLOW\"} {}", "malformed JSON");
        assertProblem("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"x\"], \"action\": \"SCMP_ACT_ALLOW\","
                + " \"errnoRet\": \"lots\"}]}", "malformed JSON at line 1");
    }

    @Test
    void checksWhatDockerAndRuncRefuse() {
        assertProblem("{\"defaultAction\": \"SCMP_ACT_DENY\"}", "defaultAction: unknown action \"SCMP_ACT_DENY\"");
        assertProblem("{\"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\"}]}", "no 'defaultAction'");
        assertProblem(rule("\"names\": [\"mkdirat\"], \"action\": \"SCMP_ACT_DENY\""),
                "syscalls[0] (mkdirat): unknown action \"SCMP_ACT_DENY\"");
        assertProblem(rule("\"names\": [\"mkdirat\"]"), "syscalls[0] (mkdirat): no 'action'");
        assertProblem(rule("\"names\": [\"a\", \"b\", \"c\", \"d\", \"e\"], \"action\": \"SCMP_ACT_DENY\""),
                "syscalls[0] (a, b, c, ... 2 more): unknown action");
        assertProblem(rule("\"names\": [], \"action\": \"SCMP_ACT_ERRNO\""), "syscalls[0]: no syscall 'names'");
        assertProblem(rule("\"names\": [\"\"], \"action\": \"SCMP_ACT_ERRNO\""), "an empty syscall name");
        assertProblem(rule("\"name\": \"a\", \"names\": [\"b\"], \"action\": \"SCMP_ACT_ERRNO\""),
                "both 'name' and 'names' are specified");
        assertProblem(rule("\"names\": [\"ioctl\"], \"action\": \"SCMP_ACT_ERRNO\", \"args\": [{\"index\": 6, \"value\": 1, \"op\": \"SCMP_CMP_EQ\"}]"),
                "syscalls[0] (ioctl): argument index 6 is not 0 to 5");
        assertProblem(rule("\"names\": [\"ioctl\"], \"action\": \"SCMP_ACT_ERRNO\", \"args\": [{\"index\": 1, \"value\": 1, \"op\": \"SCMP_CMP_LIKE\"}]"),
                "unknown comparison \"SCMP_CMP_LIKE\"");
        assertProblem(rule("\"names\": [\"ioctl\"], \"action\": \"SCMP_ACT_ERRNO\", \"args\": [{\"index\": 1, \"value\": 18446744073709551616, \"op\": \"SCMP_CMP_EQ\"}]"),
                "argument value 18446744073709551616 is not a uint64");
        assertProblem(rule("\"names\": [\"read\"], \"action\": \"SCMP_ACT_NOTIFY\""), "SCMP_ACT_NOTIFY is not supported");
        assertProblem(rule("\"names\": [\"read\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 70000"), "errnoRet 70000 is out of range");
        assertProblem(rule("\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\", \"includes\": {\"minKernel\": \"new\"}"),
                "minKernel \"new\" is not a kernel version");
        assertProblem("{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"architectures\": [\"SCMP_ARCH_X86_64\"], "
                + "\"archMap\": [{\"architecture\": \"SCMP_ARCH_X86_64\"}]}", "both 'architectures' and 'archMap'");
        assertProblem("{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"architectures\": [\"SCMP_ARCH_VAX\"]}",
                "architectures: unknown architecture \"SCMP_ARCH_VAX\"");
        assertProblem("{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"flags\": [\"SECCOMP_FILTER_FLAG_LOG\"]}", "are not supported");
        assertProblem("{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"listenerPath\": \"/run/agent.sock\"}", "is not supported");
    }

    private static String rule(String fields) {
        return "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{" + fields + "}]}";
    }

    private static void assertProblem(String json, String problem) {
        var e = assertThrows(SeccompProfileException.class,
                () -> SeccompProfileReader.parse(json.getBytes(StandardCharsets.UTF_8), "/p.json"));
        assertTrue(e.getMessage().startsWith("seccomp profile /p.json: "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
}
