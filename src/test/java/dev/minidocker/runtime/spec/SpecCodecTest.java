package dev.minidocker.runtime.spec;

import dev.minidocker.linux.seccomp.SeccompProgram;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class SpecCodecTest {
    @Test
    void roundTripsEveryFieldIncludingNullsAndUnicode() {
        var spec = new ContainerSpec("id", "hö", List.of("sh", "-c", "echo ✓"), List.of("A=1", "B="), "/w", null,
                new ContainerSpec.RootFs(List.of("/a", "/b"), "/u", "/wk", "/m"), true,
                List.of(new ContainerSpec.Mount("bind", "/s", "/d", List.of("ro")),
                        new ContainerSpec.Mount("tmpfs", null, "/t", null)),
                "host", true, true, List.of("CAP_CHOWN"), new ContainerSpec.EtcFiles("/h", null, "/r"))
                .withInit(true).withHardening(new Hardening(new SeccompProgram(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}),
                        true, List.of(new Hardening.Rlimit(7, 123, 123), new Hardening.Rlimit(6, -1, -1))));
        assertEquals(spec, SpecCodec.decode(SpecCodec.encode(spec)));
        assertNull(SpecCodec.decode(SpecCodec.encode(spec.withHardening(Hardening.NONE))).hardening().seccomp(), "unconfined");
        var flagged = spec.withHardening(spec.hardening().withSeccomp(spec.hardening().seccomp().withFlags(SeccompProgram.FLAG_LOG)));
        assertEquals(SeccompProgram.FLAG_LOG, SpecCodec.decode(SpecCodec.encode(flagged)).hardening().seccomp().flags(), "an OCI filter's flags");
        var plain = new ContainerSpec(null, null, List.of("true"), null, null, "1000:1000",
                new ContainerSpec.RootFs(List.of(), null, null, "/r"), false, null, null, false, false, null, null);
        var decoded = SpecCodec.decode(SpecCodec.encode(plain));
        assertEquals(List.of(), decoded.mounts()); // a null mount list travels as empty
        assertEquals(plain.user(), decoded.user());
        assertNull(decoded.env());
        // --pid/--ipc/--uts host, with every other hardening field set too
        var shared = spec.withHardening(new Hardening(null, false, List.of(), List.of("wheel"), List.of("net.core.somaxconn=1"),
                false, List.of("pid", "uts")));
        assertEquals(List.of("pid", "uts"), SpecCodec.decode(SpecCodec.encode(shared)).hardening().hostNamespaces());
        assertEquals(shared, SpecCodec.decode(SpecCodec.encode(shared)));
    }

    @Test
    void aTruncatedFilterIsAnErrorNotAShorterFilter() {
        var spec = new ContainerSpec("id", "h", List.of("x"), List.of(), "/", null,
                new ContainerSpec.RootFs(List.of(), null, null, "/r"), false, List.of(), "none", false, false, null, null)
                .withHardening(Hardening.NONE.withSeccomp(new SeccompProgram(new byte[16])));
        byte[] full = SpecCodec.encode(spec);
        assertThrows(RuntimeException.class, () -> SpecCodec.decode(Arrays.copyOf(full, full.length - 8)));
    }

    @Test
    void truncatedInputIsAnError() {
        byte[] full = SpecCodec.encode(new ContainerSpec("id", "h", List.of("x"), List.of(), "/", null,
                new ContainerSpec.RootFs(List.of(), null, null, "/r"), false, List.of(), "none", false, false, null, null));
        assertThrows(RuntimeException.class, () -> SpecCodec.decode(Arrays.copyOf(full, full.length / 2)));
    }
}
