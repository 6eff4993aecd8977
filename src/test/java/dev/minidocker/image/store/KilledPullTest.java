package dev.minidocker.image.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.image.ImageReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pull SIGKILLed mid-layer (a real child JVM, killed with destroyForcibly) leaves a store the
 * next pull completes: the half-extracted layer sits in tmp/ with a dead owner, nothing is in
 * layers/ for it, no tag exists, and the next pull cleans tmp/ and succeeds.
 */
class KilledPullTest {
    @TempDir
    Path root;

    /** The same image every time (deterministic content and gzip). */
    static FakeImage image() {
        Random r = new Random(42);
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 200_000; i++) big.append((char) ('a' + r.nextInt(26)));
        return new FakeImage("killed", "small base", big.toString());
    }

    /** The child: pulls with the second layer hanging halfway, until it is killed. */
    public static void main(String[] args) {
        FakeImage img = image();
        img.hangHalfway = true;
        new ImagePuller(new ImageStore(Path.of(args[0])), FakeImage.WRITER, 2, PullProgress.QUIET)
                .pull(ImageReference.parse("victim"), img);
    }

    @Test
    void nextPullCompletesAfterSigkill() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                KilledPullTest.class.getName(), root.toString()).inheritIO().start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!partialLayerPresent()) {
                assertTrue(child.isAlive(), "child ended before it was killed");
                assertTrue(System.nanoTime() < deadline, "child never started extracting");
                Thread.sleep(50);
            }
        } finally {
            child.destroyForcibly(); // SIGKILL
            child.waitFor();
        }
        assertEquals(137, child.exitValue());
        ImageStore store = new ImageStore(root);
        assertTrue(store.find("victim").isEmpty());

        FakeImage img = image();
        PullResult r = new ImagePuller(store, FakeImage.WRITER, 2, PullProgress.QUIET).pull(ImageReference.parse("victim"), img);
        assertEquals(img.id(), r.imageId());
        assertEquals(2, store.layers().list().size());
        assertEquals(List.of(), list(root.resolve("tmp")));
    }

    private boolean partialLayerPresent() throws Exception {
        for (Path d : list(root.resolve("tmp"))) {
            Path content = d.resolve("layer/diff/content");
            if (Files.exists(content) && Files.size(content) > 0) return true;
        }
        return false;
    }

    private static List<Path> list(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
