package dev.minidocker.runtime.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.minidocker.linux.seccomp.SeccompProgram;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExecSpecTest {
    @Test
    void roundTripsWithAndWithoutHardening() {
        var hardening = new Hardening(new SeccompProgram(new byte[24]), true, List.of(new Hardening.Rlimit(7, 123, 456)));
        var spec = new ExecSpec(List.of("sh", "-c", "id"), List.of("A=1"), "/w", "1000:50", true,
                List.of("CAP_CHOWN"), List.of("/sys/fs/cgroup/x/cgroup.procs"), hardening);
        assertEquals(spec, ExecSpec.decode(spec.encode()));
        var unconfined = new ExecSpec(List.of("true"), List.of(), "/", "", false, null, List.of());
        assertEquals(unconfined, ExecSpec.decode(unconfined.encode()));
        assertEquals(Hardening.NONE, ExecSpec.decode(unconfined.encode()).hardening());
    }

    @Test
    void aTruncatedFilterIsAnError() {
        byte[] full = new ExecSpec(List.of("true"), List.of(), "/", "", false, null, List.of(),
                new Hardening(new SeccompProgram(new byte[16]), false, List.of())).encode();
        assertThrows(RuntimeException.class, () -> ExecSpec.decode(Arrays.copyOf(full, full.length - 8)));
    }
}
