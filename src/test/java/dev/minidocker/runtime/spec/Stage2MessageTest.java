package dev.minidocker.runtime.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sync pipe's message: cgroup placement, then the spec, both intact. */
public class Stage2MessageTest {
    public static ContainerSpec spec() {
        return new ContainerSpec("a".repeat(64), "h", List.of("sh", "-c", "true"), List.of("PATH=/bin"), "/",
                null, new ContainerSpec.RootFs(List.of(), null, null, "/r"), false, List.of(), "none", false, false,
                List.of("CAP_CHOWN"), null);
    }

    @Test
    void roundTrips() {
        var placement = new CgroupPlacement(List.of("/sys/fs/cgroup/cpu/minidocker/x/cgroup.procs",
                "/sys/fs/cgroup/memory/minidocker/x/cgroup.procs"), List.of("/sys/fs/cgroup/cpu/cgroup.procs"));
        var decoded = Stage2Message.decode(new Stage2Message(placement, spec()).encode());
        assertEquals(placement, decoded.cgroup());
        assertEquals(spec(), decoded.spec());
        assertEquals(CgroupPlacement.NONE, Stage2Message.decode(new Stage2Message(CgroupPlacement.NONE, spec()).encode()).cgroup());
    }

    @Test
    void truncatedMessageIsRefused() {
        byte[] whole = new Stage2Message(new CgroupPlacement(List.of("/a"), List.of("/b")), spec()).encode();
        assertThrows(UncheckedIOException.class, () -> Stage2Message.decode(Arrays.copyOf(whole, 6)));
    }
}
