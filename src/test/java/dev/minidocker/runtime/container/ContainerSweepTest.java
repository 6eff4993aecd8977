package dev.minidocker.runtime.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.model.Resources;
import dev.minidocker.runtime.host.CgroupFactory;
import dev.minidocker.runtime.host.NetworkSetup;
import dev.minidocker.state.ContainerRecord;
import dev.minidocker.state.ContainerStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep of runs whose owner died: what it removes, and when it asks the networks to reclaim. */
class ContainerSweepTest {
    @TempDir
    Path root;

    /** Records the network calls; no cgroups exist. */
    private static final class RecordingNetwork implements NetworkSetup {
        final List<String> calls = new ArrayList<>();
        @Override public void setUp(ContainerRecord container, long pid) { calls.add("setUp " + container.id()); }
        @Override public void tearDown(String containerId) { calls.add("tearDown " + containerId); }
        @Override public void reclaimStale() { calls.add("reclaimStale"); }
    }

    private static final CgroupFactory NO_CGROUPS = new CgroupFactory() {
        @Override public Handle create(String containerId, Resources limits) { throw new AssertionError("not created by a sweep"); }
        @Override public Optional<Handle> open(String containerId) { return Optional.empty(); }
    };

    private static ContainerRecord draft(String id, boolean autoRemove) {
        return new ContainerRecord(id, null, "sha256:" + "b".repeat(64), "busybox",
                new ContainerRecord.Config(List.of("sh"), List.of(), List.of(), "/", "", id.substring(0, 12), false, false),
                new ContainerRecord.HostConfig(Resources.NONE, List.of(), List.of(), "bridge", false, autoRemove, null),
                Instant.now().toString());
    }

    /** An owner that is not alive: this pid with a start time it never had. */
    private static ContainerStore.Owner deadOwner() {
        return new ContainerStore.Owner(ProcessHandle.current().pid(), 1);
    }

    @Test
    void aDeadOwnersRunIsTornDownAndRemovedThenTheNetworksReclaimWhatItTookBeforeItsEndpoint() {
        ContainerStore store = new ContainerStore(root);
        String dead = ContainerStore.newId();
        store.create(draft(dead, true), deadOwner());
        String alive = ContainerStore.newId();
        store.create(draft(alive, true), ContainerSweep.thisProcess());
        RecordingNetwork network = new RecordingNetwork();

        List<String> swept = new ContainerSweep(store, NO_CGROUPS, network, Clock.systemUTC()).sweep();

        assertEquals(List.of(dead), swept);
        assertEquals(List.of("tearDown " + dead, "reclaimStale"), network.calls);
        assertEquals(List.of(alive), store.directoryIds());
    }

    @Test
    void noSweptRunMeansNoReclaim() {
        ContainerStore store = new ContainerStore(root);
        store.create(draft(ContainerStore.newId(), true), ContainerSweep.thisProcess());
        RecordingNetwork network = new RecordingNetwork();

        assertTrue(new ContainerSweep(store, NO_CGROUPS, network, Clock.systemUTC()).sweep().isEmpty());
        assertEquals(List.of(), network.calls);
    }
}
