package dev.minidocker.runtime.process;

import static dev.minidocker.linux.NamespaceSyscalls.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.runtime.spec.ContainerSpec;
import dev.minidocker.runtime.spec.Hardening;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which namespaces a stage 2 shares with its spawner, and the fit that follows: a warm stage 2 has
 * new namespaces of every kind and no tty, so it serves only containers that want exactly that.
 */
class Stage2NamespacesTest {
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

    /** A spec's Hardening.hostNamespaces, as the spawn's flags and joins make them (an OCI bundle's among them). */
    @Test
    void theSharedNamespacesAreThoseNeitherMadeNorJoined() {
        int all = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWNET;
        assertEquals(List.of(), Stage2Launcher.hostNamespaces(all, List.of()));
        assertEquals(List.of("pid", "uts"), Stage2Launcher.hostNamespaces(CLONE_NEWNS | CLONE_NEWIPC, List.of()));
        assertEquals(List.of("uts"), Stage2Launcher.hostNamespaces(CLONE_NEWNS | CLONE_NEWIPC,
                List.of(new Stage2Launcher.Join("/proc/1/ns/pid", CLONE_NEWPID))));
    }
}
