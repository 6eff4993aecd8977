package dev.minidocker.state;

import dev.minidocker.model.Resources;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.MiniDockerException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerStoreTest {
    @TempDir
    Path root;

    static ContainerRecord draft(String id, String name) {
        return new ContainerRecord(id, name, "sha256:" + "b".repeat(64), "busybox",
                new ContainerRecord.Config(List.of("sh"), List.of(), List.of("A=1"), "/", "", id.substring(0, 12), false, false),
                new ContainerRecord.HostConfig(Resources.NONE, List.of(), List.of(), "none",
                        false, false, null),
                Instant.now().toString());
    }

    @Test
    void createWritesConfigAndCreatedStateAndNothingElse() throws IOException {
        ContainerStore store = new ContainerStore(root);
        String id = ContainerStore.newId();
        ContainerRecord r = store.create(draft(id, null));
        assertTrue(r.name().matches("[a-z]+_[a-z]+"), r.name());
        assertEquals(r, store.load(id).orElseThrow());
        assertEquals(ContainerState.CREATED, store.state(id).orElseThrow().status());
        try (Stream<Path> files = Files.list(store.containerDir(id))) {
            assertEquals(List.of("config.json", "state.json"),
                    files.map(p -> p.getFileName().toString()).sorted().toList(), "no temp files left");
        }
        ContainerState running = store.state(id).orElseThrow().running(42, 7, Instant.now());
        assertTrue(store.writeState(id, running));
        assertEquals(running, store.state(id).orElseThrow());
    }

    @Test
    void aTooLongNameIsOneClearLineAndCreatesNothing() throws IOException {
        ContainerStore store = new ContainerStore(root);
        for (int length : new int[] {129, 250, 300}) {
            var e = assertThrows(MiniDockerException.class, () -> store.create(draft(ContainerStore.newId(), "n".repeat(length))));
            assertTrue(e.getMessage().contains("at most 128 characters"), e.getMessage());
        }
        assertEquals(List.of(), store.directoryIds(), "nothing was created");
        assertEquals("n".repeat(128), store.create(draft(ContainerStore.newId(), "n".repeat(128))).name());
    }

    @Test
    void takenNameIsDockersConflict() {
        ContainerStore store = new ContainerStore(root);
        String first = ContainerStore.newId();
        store.create(draft(first, "web"));
        var e = assertThrows(MiniDockerException.class, () -> store.create(draft(ContainerStore.newId(), "web")));
        assertEquals("Conflict. The container name \"/web\" is already in use by container \"" + first
                + "\". You have to remove (or rename) that container to be able to reuse that name.", e.getMessage());
        store.remove(first);
        store.create(draft(ContainerStore.newId(), "web"));
        assertThrows(MiniDockerException.class, () -> store.create(draft(ContainerStore.newId(), "bad/name")));
    }

    @Test
    void concurrentCreatesWithOneNameLetExactlyOneWin() throws Exception {
        ContainerStore store = new ContainerStore(root);
        int n = 16;
        List<Callable<Boolean>> tasks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tasks.add(() -> {
                try {
                    new ContainerStore(root).create(draft(ContainerStore.newId(), "shared"));
                    return true;
                } catch (MiniDockerException conflict) {
                    return false;
                }
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            int wins = 0;
            for (Future<Boolean> f : pool.invokeAll(tasks)) wins += f.get() ? 1 : 0;
            assertEquals(1, wins);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, store.ids().size(), "losers leave no record");
    }

    @Test
    void concurrentGeneratedNamesAreDistinct() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<String>> tasks = new ArrayList<>();
        for (int i = 0; i < 40; i++) tasks.add(() -> new ContainerStore(root).create(draft(ContainerStore.newId(), null)).name());
        try {
            List<String> names = new ArrayList<>();
            for (Future<String> f : pool.invokeAll(tasks)) names.add(f.get());
            assertEquals(names.size(), names.stream().distinct().count());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void resolveByIdNameAndPrefix() {
        ContainerStore store = new ContainerStore(root);
        String a = "abc1" + "0".repeat(60);
        String b = "abc2" + "0".repeat(60);
        store.create(draft(a, "alpha"));
        store.create(draft(b, "beta"));
        assertEquals(a, store.resolve(a));
        assertEquals(b, store.resolve("beta"));
        assertEquals(b, store.resolve("/beta"));
        assertEquals(a, store.resolve("abc1"));
        assertEquals("multiple IDs found with provided prefix: abc",
                assertThrows(MiniDockerException.class, () -> store.resolve("abc")).getMessage());
        assertEquals("No such container: zzz",
                assertThrows(NoSuchContainerException.class, () -> store.resolve("zzz")).getMessage());
    }

    @Test
    void removeDeletesEverythingAndIsIdempotent() throws IOException {
        ContainerStore store = new ContainerStore(root);
        String id = ContainerStore.newId();
        store.create(draft(id, "gone"));
        Files.createDirectories(store.containerDir(id).resolve("upper/a/b"));
        Files.createSymbolicLink(store.containerDir(id).resolve("upper/link"), root.getParent());
        store.remove(id);
        assertFalse(Files.exists(store.containerDir(id)));
        assertTrue(Files.exists(root.getParent()), "symlinks are not followed");
        store.remove(id);
        assertFalse(store.writeState(id, ContainerState.created()), "state of a removed container is not written");
        assertThrows(NoSuchContainerException.class, () -> store.resolve("gone"));
    }

    @Test
    void crashedCreateWithoutConfigIsIgnored() throws IOException {
        ContainerStore store = new ContainerStore(root);
        Files.createDirectories(store.containerDir("f".repeat(64)));
        assertEquals(List.of(), store.ids());
    }

    @Test
    void theRemainsOfAKilledRemovalAreSweptAndRecordsAndOwnedDirectoriesKept() throws IOException {
        ContainerStore store = new ContainerStore(root);
        String kept = store.create(draft(ContainerStore.newId(), "kept")).id();
        String owned = ContainerStore.newId();
        store.create(draft(owned, "owned"), new ContainerStore.Owner(ProcessHandle.current().pid(), 1));
        Files.delete(store.containerDir(owned).resolve("config.json"));        // half-created: the owner's sweep decides
        String empty = "e".repeat(64), partial = "d".repeat(64);
        Files.createDirectories(store.containerDir(empty));                  // killed just before its rmdir
        Files.createDirectories(store.containerDir(partial));
        Files.writeString(store.containerDir(partial).resolve("state.json"), "{}");   // killed inside deleteTree
        Files.createDirectories(store.extractedRootfs(partial));

        assertEquals(2, store.sweepRemains(store.directoryIds()));
        assertEquals(List.of(kept, owned).stream().sorted().toList(), store.directoryIds());
        assertFalse(Files.exists(store.extractedRootfs(partial)));
        assertEquals(0, store.sweepRemains(store.directoryIds()), "nothing more to sweep");
    }

    /**
     * A force removal waits until the state says the container ended, then removes it: the state
     * change's event (die) must still come before the removal's (destroy). The observer is told
     * under the container's lock, which the removal takes next.
     */
    @Test
    void aStateChangeIsToldBeforeTheRemovalThatWaitedForIt() throws Exception {
        ContainerStore store = new ContainerStore(root);
        String id = ContainerStore.newId();
        store.create(draft(id, "ordered"));
        List<String> told = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.CountDownLatch written = new java.util.concurrent.CountDownLatch(1);
        store.observe(new ContainerStore.Observer() {
            @Override
            public void stateChanged(String changed, ContainerState before, ContainerState after) {
                written.countDown();
                try {
                    Thread.sleep(300); // a slow observer: the removal must not overtake it
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                told.add("state " + after.status());
            }

            @Override
            public void removed(ContainerRecord record) {
                told.add("removed");
            }
        });
        Thread writer = Thread.ofPlatform().start(() -> store.writeState(id, ContainerState.created().exited(0, false, Instant.now())));
        written.await();
        store.remove(id);
        writer.join();
        assertEquals(List.of("state exited", "removed"), told);
    }
}
