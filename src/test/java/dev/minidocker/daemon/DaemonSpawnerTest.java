package dev.minidocker.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonSpawnerTest {
    @TempDir
    Path dir;

    @Test
    void theDaemonStartsFromTheCliCacheOnlyWhenItIsCurrentForItsJar() throws IOException {
        Path jar = Files.writeString(dir.resolve("mini-docker.jar"), "jar");
        Path cache = Files.writeString(dir.resolve("mini-docker.aot"), "cache");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(1_000_000));
        Files.setLastModifiedTime(cache, FileTime.fromMillis(2_000_000));
        String withCache = Runtime.version().feature() >= 25 ? "-XX:AOTCache=" + cache : "-Xshare:auto";
        assertEquals(withCache, DaemonSpawner.classDataFlag(jar.toString(), jar.toString()));
        assertEquals("-Xshare:auto", DaemonSpawner.classDataFlag(jar.toString(), jar + ":other.jar"), "another class path");
        assertEquals("-Xshare:auto", DaemonSpawner.classDataFlag(null, jar.toString()), "not started by the launcher");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(3_000_000));
        assertEquals("-Xshare:auto", DaemonSpawner.classDataFlag(jar.toString(), jar.toString()), "a cache older than the jar");
        Files.delete(cache);
        assertEquals("-Xshare:auto", DaemonSpawner.classDataFlag(jar.toString(), jar.toString()), "no cache");
    }
}
