package dev.minidocker.runtime.process;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.runtime.spec.ContainerSpec;
import dev.minidocker.runtime.spec.Hardening;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A warm stage 2 has new namespaces of every kind and no tty: it serves only containers that want exactly that. */
class Stage2PoolServesTest {
    private static ContainerSpec spec(String network, boolean tty) {
        return new ContainerSpec("id", "h", List.of("true"), List.of(), "/", null,
                new ContainerSpec.RootFs(List.of(), null, null, "/r"), false, List.of(), network, tty, false, null, null);
    }

    @Test
    void aContainerSharingAHostNamespaceGetsAStage2OfItsOwn() {
        assertTrue(Stage2Pool.serves(spec("none", false)));
        for (String kind : List.of("pid", "ipc", "uts")) {
            assertFalse(Stage2Pool.serves(spec("none", false).withHardening(
                    new Hardening(null, false, List.of(), List.of(), List.of(), false, List.of(kind)))), kind);
        }
        assertFalse(Stage2Pool.serves(spec("host", false)));
        assertFalse(Stage2Pool.serves(spec("none", true)));
    }
}
