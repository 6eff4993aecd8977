package dev.minidocker.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A daemon stops once its jar is rebuilt, in place or replaced, and only then. */
class JarWatchTest {
    @Test
    void onlyAOneJarClassPathIsWatched() {
        assertEquals(Path.of("/opt/md/mini-docker.jar"), JarWatch.ownJar("/opt/md/mini-docker.jar"));
        assertNull(JarWatch.ownJar("/opt/md/classes"));
        assertNull(JarWatch.ownJar("/a.jar:/b.jar"));
        assertNull(JarWatch.ownJar(""));
    }

    @Test
    void aRebuiltJarStopsTheDaemonOnce(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("mini-docker.jar");
        Files.writeString(jar, "build 1");
        CountDownLatch stopped = new CountDownLatch(1);
        JarWatch watch = new JarWatch(jar, JarWatch.stamp(jar), stopped::countDown);
        assertFalse(watch.changed());
        Thread t = Thread.ofPlatform().daemon().start(watch);
        assertFalse(stopped.await(JarWatch.PERIOD_MS + 500, TimeUnit.MILLISECONDS), "an unchanged jar keeps the daemon");

        // Maven's way or a copy's: a new file moved over the old one, same size, same second.
        Path next = dir.resolve("next.jar");
        Files.writeString(next, "build 2");
        Files.setLastModifiedTime(next, Files.getLastModifiedTime(jar));
        Files.move(next, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        assertTrue(stopped.await(JarWatch.PERIOD_MS * 3, TimeUnit.MILLISECONDS), "the rebuilt jar stops the daemon");
        t.join(5000);
        assertFalse(t.isAlive(), "the watch ends with its one stop");
    }

    @Test
    void aJarRewrittenInPlaceCountsToo(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("mini-docker.jar");
        Files.writeString(jar, "build 1");
        JarWatch watch = new JarWatch(jar, JarWatch.stamp(jar), () -> {});
        Files.writeString(jar, "build 2 is longer");
        assertTrue(watch.changed());
        Files.delete(jar);
        assertTrue(watch.changed(), "a jar being replaced is gone for a moment");
    }
}
