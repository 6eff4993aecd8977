package dev.minidocker.image.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.MiniDockerException;
import dev.minidocker.image.Digest;
import dev.minidocker.image.ImageNotFoundException;
import dev.minidocker.image.ImageReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageStoreTest {
    @TempDir
    Path root;

    private PullResult pull(ImageStore store, String name, FakeImage image) {
        return new ImagePuller(store, FakeImage.WRITER, 2, PullProgress.QUIET).pull(ImageReference.parse(name), image);
    }

    @Test
    void ambiguousIdPrefixIsAnErrorAndLongerPrefixResolves() {
        ImageStore store = new ImageStore(root);
        // 17 images: by pigeonhole two ids share their first hex digit.
        Map<Character, Digest> byFirst = new HashMap<>();
        Digest a = null;
        Digest b = null;
        for (int i = 0; a == null; i++) {
            FakeImage img = new FakeImage("m" + i, "layer");
            pull(store, "img" + i, img);
            Digest prev = byFirst.putIfAbsent(img.id().hex().charAt(0), img.id());
            if (prev != null) {
                a = prev;
                b = img.id();
            }
        }
        String shared = a.hex().substring(0, 1);
        var e = assertThrows(MiniDockerException.class, () -> store.find(shared));
        assertTrue(e.getMessage().contains("ambiguous"), e.getMessage());
        assertEquals(b, store.find(b.hex().substring(0, 12)).orElseThrow().imageId());
    }

    @Test
    void concurrentTagUpdatesAreAllKeptAndNoTempFilesRemain() throws Exception {
        ImageStore store = new ImageStore(root);
        FakeImage img = new FakeImage("a", "layer");
        PullResult r = pull(store, "base", img);
        ImageRecord rec = store.db().read().images().get(r.imageId().toString());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int i = 0; i < 40; i++) {
            int n = i;
            pool.submit(() -> new ImageStore(root).record(ImageReference.parse("tag:v" + n), rec));
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
        ImageDb.Snapshot s = store.db().read();
        assertEquals(41, s.tags().size());
        try (Stream<Path> files = Files.list(root.resolve("images"))) {
            assertEquals(List.of("db.json"), files.map(p -> p.getFileName().toString()).toList());
        }
        assertEquals(41, store.list().size());
    }

    @Test
    void rmiUntagsDeletesAndCollectsOnlyUnsharedLayers() {
        ImageStore store = new ImageStore(root);
        FakeImage a = new FakeImage("a", "base", "only-a");
        FakeImage b = new FakeImage("b", "base", "only-b");
        pull(store, "a", a);
        pull(store, "b", b);
        assertEquals(3, store.layers().list().size());

        List<String> out = new ImageRemover(store).remove("a", false);
        assertEquals("Untagged: a:latest", out.get(0));
        assertTrue(out.contains("Deleted: " + a.id()), out.toString());
        assertTrue(store.find("a").isEmpty());
        assertTrue(store.layers().has(a.diffIds.get(0)), "shared base layer kept");
        assertFalse(store.layers().has(a.diffIds.get(1)));
        assertFalse(store.blobs().has(a.id()));
        assertTrue(store.find("b").isPresent());

        new ImageRemover(store).remove(b.id().hex().substring(0, 8), false);
        assertTrue(store.layers().list().isEmpty());
        assertTrue(store.blobs().list().isEmpty());
        var e = assertThrows(ImageNotFoundException.class, () -> new ImageRemover(store).remove("b", false));
        assertEquals("No such image: b", e.getMessage());
    }

    @Test
    void rmiKeepsAnotherTagsImageAndRefusesAnIdWithManyTagsUnlessForced() {
        ImageStore store = new ImageStore(root);
        FakeImage a = new FakeImage("a", "l");
        pull(store, "x:1", a);
        pull(store, "x:2", a);
        assertEquals(List.of("Untagged: x:1"), new ImageRemover(store).remove("x:1", false));
        assertTrue(store.layers().has(a.diffIds.get(0)));
        pull(store, "x:1", a);
        assertThrows(MiniDockerException.class, () -> new ImageRemover(store).remove(a.id().hex(), false));
        List<String> out = new ImageRemover(store).remove(a.id().hex(), true);
        assertTrue(out.contains("Deleted: " + a.id()), out.toString());
        assertTrue(store.list().isEmpty());
    }

    @Test
    void rmiRefusesAnImageAContainerUsesUnlessForcedAndThenKeepsItsLayers() throws Exception {
        ImageStore store = new ImageStore(root);
        FakeImage a = new FakeImage("a", "l");
        pull(store, "busybox", a);
        containerUsing("c0ffee1234567890", a.id());
        var e = assertThrows(MiniDockerException.class, () -> new ImageRemover(store).remove("busybox", false));
        assertEquals("conflict: unable to remove repository reference \"busybox\" (must force) - container c0ffee123456"
                + " is using its referenced image " + a.id().shortHex(), e.getMessage());
        e = assertThrows(MiniDockerException.class, () -> new ImageRemover(store).remove(a.id().hex(), false));
        assertEquals("conflict: unable to delete " + a.id().shortHex()
                + " (must be forced) - image is being used by stopped container c0ffee123456", e.getMessage());
        assertEquals(List.of("Untagged: busybox:latest"), new ImageRemover(store).remove("busybox", true));
        assertTrue(store.layers().has(a.diffIds.get(0)), "a container still needs the layers");
        assertEquals(a.id(), store.find(a.id().hex().substring(0, 5)).orElseThrow().imageId());
    }

    @Test
    void rmiNeverDeletesTheImageOfARunningContainerEvenForced() throws Exception {
        ImageStore store = new ImageStore(root);
        FakeImage a = new FakeImage("a", "l");
        pull(store, "busybox", a);
        Path c = containerUsing("feed5678feed5678", a.id());
        // running: its state says so and its init (this very JVM here) is alive
        Files.writeString(c.resolve("state.json"), "{\"Status\":\"running\",\"Pid\":" + ProcessHandle.current().pid() + "}");
        var e = assertThrows(MiniDockerException.class, () -> new ImageRemover(store).remove(a.id().hex(), true));
        assertEquals("conflict: unable to delete " + a.id().shortHex()
                + " (cannot be forced) - image is being used by running container feed5678feed", e.getMessage());
        assertTrue(store.find("busybox").isPresent(), "a refused rmi changes nothing");
        // by name, -f only untags: the running container keeps image and layers
        assertEquals(List.of("Untagged: busybox:latest"), new ImageRemover(store).remove("busybox", true));
        assertTrue(store.layers().has(a.diffIds.get(0)));
    }

    @Test
    void aStoreHoldTakenOnOneThreadIsReleasedOnAnother() throws Exception {
        ImageStore store = new ImageStore(root);
        // run's prefetch thread looks the image up, its main thread writes the record and releases
        StoreLocks.Held[] held = new StoreLocks.Held[1];
        Thread lookup = Thread.ofPlatform().start(() -> held[0] = store.locks().shared("gc"));
        lookup.join();
        StoreLocks.Held nested = store.locks().shared("gc"); // a run that pulls takes it twice
        nested.close();
        held[0].close();
        held[0].close(); // a second close is harmless
        try (StoreLocks.Held gc = store.locks().exclusive("gc")) {
            assertTrue(Files.exists(root.resolve("locks").resolve("gc.lock")));
        }
    }

    /** The record a container's config.json is to rmi: its id and the image it names. */
    private Path containerUsing(String id, Digest image) throws java.io.IOException {
        Path c = Files.createDirectories(root.resolve("containers").resolve(id));
        Files.writeString(c.resolve("config.json"), "{\"Image\":\"" + image + "\",\"Name\":\"x\"}");
        return c;
    }

    @Test
    void staleTempDirsAreCleanedLiveOnesKept() throws Exception {
        ImageStore store = new ImageStore(root);
        Path tmp = Files.createDirectories(root.resolve("tmp"));
        Path orphan = Files.createDirectories(tmp.resolve("layer-1-dead/layer/diff"));
        Files.writeString(orphan.resolve("f"), "x");
        Path unlockedOwner = Files.createDirectories(tmp.resolve("layer-2-dead"));
        Files.writeString(tmp.resolve("layer-2-dead.lock"), "");
        try (TempDirs.TempDir live = store.temp().create("live")) {
            assertEquals(2, store.temp().cleanStale());
            assertFalse(Files.exists(tmp.resolve("layer-1-dead")));
            assertFalse(Files.exists(unlockedOwner));
            assertFalse(Files.exists(tmp.resolve("layer-2-dead.lock")));
            assertTrue(Files.isDirectory(live.path()));
        }
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(0, left.count());
        }
        // A half-written db from a dead writer (pid 2^22+ is above any pid_max default) goes too.
        Path halfWritten = Files.createDirectories(root.resolve("images")).resolve(".tmp-db.json-4194999-abc");
        Files.writeString(halfWritten, "{");
        Path live = root.resolve("images").resolve(".tmp-db.json-" + ProcessHandle.current().pid() + "-abc");
        Files.writeString(live, "{");
        store.cleanStale();
        assertFalse(Files.exists(halfWritten));
        assertTrue(Files.exists(live));
    }
}
