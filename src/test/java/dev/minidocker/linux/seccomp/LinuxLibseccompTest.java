package dev.minidocker.linux.seccomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The FFM binding against the system's libseccomp: building and exporting needs no privilege. */
class LinuxLibseccompTest {
    private static final Libseccomp LIB = Libseccomp.load();

    @Test
    void resolvesNamesAndArchitectures() {
        assertTrue(LIB.version().matches("2\\.\\d+\\.\\d+"), LIB.version());
        String nativeName = System.getProperty("os.arch").equals("aarch64") ? "aarch64" : "x86_64";
        assertEquals(LIB.archNative(), LIB.archResolveName(nativeName));
        assertEquals(0, LIB.archResolveName("vax"));
        assertEquals(Scmp.NR_UNKNOWN, LIB.syscallResolveName("no_such_syscall"));
        assertEquals(nativeName.equals("x86_64") ? 258 : 34, LIB.syscallResolveName("mkdirat"));
        assertTrue(LIB.syscallResolveName("chown32") < -1, "a call only other architectures have: a pseudo-number");
    }

    @Test
    void exportsAProgramThatChecksTheArchitectureFirst() {
        long ctx = LIB.init(Scmp.actErrno(1));
        try {
            LIB.archAdd(ctx, LIB.archNative()); // already there: not an error
            LIB.attrSet(ctx, Scmp.FLTATR_CTL_NNP, 0);
            LIB.ruleAdd(ctx, Scmp.ACT_ALLOW, LIB.syscallResolveName("read"), List.of());
            LIB.ruleAdd(ctx, Scmp.ACT_ALLOW, LIB.syscallResolveName("personality"),
                    List.of(new SeccompCondition(0, Scmp.CMP_EQ, 8, 0)));
            SeccompProgram p = LIB.exportBpf(ctx);
            assertTrue(p.instructions() > 4 && p.instructions() < 100, p.toString());
            ByteBuffer first = ByteBuffer.wrap(p.bpf()).order(ByteOrder.nativeOrder());
            assertEquals(0x20, first.getShort(0), "BPF_LD|BPF_W|BPF_ABS");
            assertEquals(4, first.getInt(4), "of seccomp_data.arch");
        } finally {
            LIB.release(ctx);
        }
    }

    @Test
    void refusalsNameTheCall() {
        long ctx = LIB.init(Scmp.ACT_ALLOW);
        try {
            var e = assertThrows(SeccompException.class,
                    () -> LIB.ruleAdd(ctx, Scmp.ACT_ALLOW, LIB.syscallResolveName("read"), List.of()));
            assertTrue(e.getMessage().startsWith("seccomp_rule_add_array of syscall "), e.getMessage());
            assertNotEquals(0, e.errno());
            var bad = assertThrows(SeccompException.class,
                    () -> LIB.ruleAdd(ctx, Scmp.actErrno(1), LIB.syscallResolveName("read"),
                            List.of(new SeccompCondition(9, Scmp.CMP_EQ, 0, 0))));
            assertEquals(22, bad.errno(), bad.getMessage());
        } finally {
            LIB.release(ctx);
        }
    }

    @Test
    void aLibraryThatIsNotThereIsAClearError() {
        var e = assertThrows(LibseccompMissingException.class, () -> Libseccomp.load("/nonexistent/libseccomp.so.2"));
        assertTrue(e.getMessage().contains("/nonexistent/libseccomp.so.2"), e.getMessage());
    }
}
