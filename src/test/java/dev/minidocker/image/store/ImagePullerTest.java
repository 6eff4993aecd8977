package dev.minidocker.image.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.MiniDockerException;
import dev.minidocker.image.ImageReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagePullerTest {
    @TempDir
    Path root;

    private PullResult pull(ImageStore store, String name, FakeImage image) {
        return new ImagePuller(store, FakeImage.WRITER, 3, PullProgress.QUIET).pull(ImageReference.parse(name), image);
    }

    @Test
    void pullExtractsLayersRecordsTagAndFindsByNameAndId() throws Exception {
        ImageStore store = new ImageStore(root);
        FakeImage img = new FakeImage("a", "bottom layer", "top layer");
        PullResult r = pull(store, "busybox", img);
        assertTrue(r.downloaded());
        assertEquals(2, r.layersExtracted());

        StoredImage found = store.find("busybox:latest").orElseThrow();
        assertEquals(img.id(), found.imageId());
        assertEquals("docker.io/library/busybox:latest", found.reference().toString());
        assertEquals(2, found.layerDirs().size());
        assertArrayEquals("bottom layer".getBytes(), Files.readAllBytes(found.layerDirs().get(0).resolve("content")));
        assertEquals("bottom layer".length() + "top layer".length(), found.size());
        assertEquals(List.of("sh"), found.config().config().cmd());
        assertEquals(img.id(), store.find(img.id().hex().substring(0, 6)).orElseThrow().imageId());
        assertEquals(img.id(), store.find(img.id().toString()).orElseThrow().imageId());
        assertEquals(img.id(), store.find("busybox@" + r.manifestDigest()).orElseThrow().imageId());
        assertTrue(store.find("alpine").isEmpty());
        assertTrue(store.blobs().has(img.id()) && store.blobs().has(r.manifestDigest()));
        assertTrue(tmpDirsLeft().isEmpty(), "temp dirs left: " + tmpDirsLeft());
    }

    @Test
    void secondPullIsUpToDateAndDownloadsNothing() {
        ImageStore store = new ImageStore(root);
        FakeImage img = new FakeImage("a", "one", "two");
        pull(store, "busybox", img);
        PullResult again = pull(store, "busybox", img);
        assertFalse(again.downloaded());
        assertEquals(0, again.layersExtracted());
        assertEquals(1, img.opens.get(img.layers.get(0).digest()).get());
    }

    @Test
    void sharedLayersAreExtractedOnce() {
        ImageStore store = new ImageStore(root);
        pull(store, "a", new FakeImage("a", "base", "app-a"));
        FakeImage b = new FakeImage("b", "base", "app-b");
        PullResult r = pull(store, "b", b);
        assertEquals(1, r.layersExtracted());
        assertEquals(3, store.layers().list().size());
        assertTrue(b.opens.get(b.layers.get(0).digest()) == null, "shared layer must not be downloaded");
    }

    @Test
    void twoThreadsPullingTheSameImageGetOneCopyOfEachLayerAndNoErrors() throws Exception {
        ImageStore store = new ImageStore(root);
        FakeImage img = new FakeImage("a", "l1", "l2", "l3", "l4");
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<PullResult>> results = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return pull(new ImageStore(root), "busybox", img);
                }));
            }
            int extracted = 0;
            for (Future<PullResult> f : results) extracted += f.get().layersExtracted();
            assertEquals(4, extracted, "each layer extracted by exactly one puller");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(4, store.layers().list().size());
        assertTrue(tmpDirsLeft().isEmpty(), "temp dirs left: " + tmpDirsLeft());
        assertEquals(img.id(), store.find("busybox").orElseThrow().imageId());
    }

    @Test
    void corruptBlobLeavesNothingInLayersAndNoTag() throws Exception {
        ImageStore store = new ImageStore(root);
        FakeImage img = new FakeImage("a", "good", "bad");
        img.corruptBlob(1);
        var e = assertThrows(CorruptContentException.class, () -> pull(store, "busybox", img));
        assertTrue(e.getMessage().contains("mismatch"), e.getMessage());
        assertEquals(1, img.opens.get(img.layers.get(1).digest()).get(), "corrupt content is not retried");
        assertFalse(store.layers().has(img.diffIds.get(1)));
        assertTrue(store.find("busybox").isEmpty());
        assertTrue(tmpDirsLeft().isEmpty());
    }

    @Test
    void flippedByteIsReportedAsCorruptWithoutRetry() {
        ImageStore store = new ImageStore(root);
        FakeImage img = new FakeImage("a", "z".repeat(5000));
        img.blobs.get(0)[img.blobs.get(0).length / 2] ^= 0x55;
        var e = assertThrows(CorruptContentException.class, () -> pull(store, "busybox", img));
        assertTrue(e.getMessage().contains("digest mismatch"), e.getMessage());
        assertEquals(1, img.opens.get(img.layers.get(0).digest()).get());
        assertTrue(store.layers().list().isEmpty());
    }

    @Test
    void diffIdMismatchLeavesNothingInLayers() throws Exception {
        ImageStore store = new ImageStore(root);
        FakeImage img = new FakeImage("a", 0, "only layer");
        var e = assertThrows(CorruptContentException.class, () -> pull(store, "busybox", img));
        assertTrue(e.getMessage().contains("DiffID"), e.getMessage());
        assertTrue(store.layers().list().isEmpty());
        assertTrue(store.find("busybox").isEmpty());
        assertTrue(tmpDirsLeft().isEmpty());
    }

    @Test
    void streamBrokenMidwayIsRetriedFromScratch() {
        ImageStore store = new ImageStore(root);
        FakeImage img = new FakeImage("a", "x".repeat(10_000));
        img.failFirstOpens = 1;
        PullResult r = pull(store, "busybox", img);
        assertEquals(1, r.layersExtracted());
        assertEquals(2, img.opens.get(img.layers.get(0).digest()).get());
    }

    @Test
    void streamThatKeepsBreakingFailsWithOneLineAndLeavesNothing() throws Exception {
        ImageStore store = new ImageStore(root);
        FakeImage img = new FakeImage("a", "y".repeat(10_000));
        img.failFirstOpens = 100;
        var e = assertThrows(MiniDockerException.class, () -> pull(store, "busybox", img));
        assertTrue(e.getMessage().contains("after 3 attempts"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertTrue(store.layers().list().isEmpty());
        assertTrue(tmpDirsLeft().isEmpty());
    }

    private List<Path> tmpDirsLeft() throws Exception {
        Path tmp = root.resolve("tmp");
        if (!Files.exists(tmp)) return List.of();
        try (Stream<Path> s = Files.list(tmp)) {
            return s.toList();
        }
    }
}
