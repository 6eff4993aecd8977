package dev.minidocker.engine.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.minidocker.model.Resources;
import dev.minidocker.state.ContainerRecord;
import dev.minidocker.state.ContainerState;
import dev.minidocker.state.ContainerStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's changes as Docker's container events, with each container's name, image and labels. */
class ContainerEventPublisherTest {
    @TempDir
    Path root;

    private final EventLog log = new EventLog(Clock.systemUTC());

    private static ContainerRecord draft(String id, String name) {
        return new ContainerRecord(id, name, "sha256:" + "b".repeat(64), "busybox",
                new ContainerRecord.Config(List.of("sh"), List.of(), List.of("A=1"), "/", "", id.substring(0, 12), false, false),
                new ContainerRecord.HostConfig(Resources.NONE, List.of(), List.of(), "none", false, false, null),
                Instant.now().toString());
    }

    private List<String> events() {
        return log.between(null, Instant.now().plusSeconds(60)).stream()
                .map(e -> e.action() + " " + e.attributes().get("name") + " " + e.attributes().get("image")
                        + (e.attributes().containsKey("exitCode") ? " " + e.attributes().get("exitCode") : ""))
                .toList();
    }

    @Test
    void aRunsEventsNeedNoRereadOfItsRecordAndFollowARename() throws Exception {
        ContainerStore store = new ContainerStore(root);
        store.observe(new ContainerEventPublisher(log, store));
        String id = ContainerStore.newId();
        store.create(draft(id, "web"));
        // From here its config.json cannot be parsed: start and die come from what create told.
        Path config = root.resolve("containers").resolve(id).resolve("config.json");
        byte[] saved = Files.readAllBytes(config);
        Files.writeString(config, "{not json");
        store.writeState(id, ContainerState.created().running(4242, 1, Instant.now()));
        Files.write(config, saved);
        store.rename(id, "api");
        saved = Files.readAllBytes(config);
        Files.writeString(config, "{not json");
        store.writeState(id, ContainerState.created().exited(3, false, Instant.now()));
        Files.write(config, saved);
        store.remove(id);
        assertEquals(List.of("create web busybox", "start web busybox", "rename api busybox", "die api busybox 3",
                "destroy api busybox"), events());
    }

    @Test
    void aContainerCreatedBeforeThisDaemonIsReadOnce() {
        ContainerStore store = new ContainerStore(root);
        String id = ContainerStore.newId();
        store.create(draft(id, "old"));
        store.observe(new ContainerEventPublisher(log, store));
        store.writeState(id, ContainerState.created().running(4242, 1, Instant.now()));
        store.writeState(id, ContainerState.created().exited(0, false, Instant.now()));
        assertEquals(List.of("start old busybox", "die old busybox 0"), events());
    }
}
