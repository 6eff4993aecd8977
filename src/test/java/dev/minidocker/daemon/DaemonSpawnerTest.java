package dev.minidocker.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

    @Test
    void theDaemonsOwnCacheComesFirstWhileItIsCurrent() throws IOException {
        Path jar = Files.writeString(dir.resolve("mini-docker.jar"), "jar");
        Path cli = Files.writeString(dir.resolve("mini-docker.aot"), "cli cache");
        Path daemon = Files.writeString(dir.resolve("mini-docker-daemon.aot"), "daemon cache");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(1_000_000));
        Files.setLastModifiedTime(cli, FileTime.fromMillis(2_000_000));
        Files.setLastModifiedTime(daemon, FileTime.fromMillis(2_000_000));
        boolean aot = Runtime.version().feature() >= 25;
        assertEquals(aot ? "-XX:AOTCache=" + daemon : "-Xshare:auto", DaemonSpawner.classDataFlag(jar.toString(), jar.toString()));
        Files.setLastModifiedTime(daemon, FileTime.fromMillis(500_000));
        assertEquals(aot ? "-XX:AOTCache=" + cli : "-Xshare:auto", DaemonSpawner.classDataFlag(jar.toString(), jar.toString()),
                "a daemon cache older than the jar: the CLI's");
        Files.delete(daemon);
        assertEquals(aot ? "-XX:AOTCache=" + cli : "-Xshare:auto", DaemonSpawner.classDataFlag(jar.toString(), jar.toString()),
                "none of its own (not root when the caches were made): the CLI's");
    }

    /**
     * A JVM told to use an AOT cache it cannot map prints errors (on stdout, the JVM's default)
     * and runs on: with the daemon's flags nothing of that reaches its log, which gets both streams.
     */
    @Test
    void theDaemonsLogGetsNoMessagesOfTheAotCache() throws Exception {
        Path missing = dir.resolve("missing.aot");
        assertTrue(outputOfJava(List.of("-XX:AOTCache=" + missing, "-version")).contains("[aot"),
                "without the daemon's flags the JVM reports the cache (the check below can fail)");
        List<String> args = new ArrayList<>(DaemonSpawner.JVM_FLAGS);
        args.addAll(List.of("-XX:AOTCache=" + missing, "-version"));
        String err = outputOfJava(args);
        assertFalse(err.contains("[aot") || err.contains("[cds"), err);
        assertTrue(err.contains("version"), "the JVM ran: " + err);
    }

    /** What {@code java ARGS} prints on stdout and stderr together, as daemon.log gets them. */
    private static String outputOfJava(List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "java hung");
        return out;
    }

    @Test
    void theCacheTrainingStartsTheDaemonWithTheSpawnersFlags() throws IOException {
        // scripts/make-aot-cache trains the daemon's cache; a JVM started with other flags may refuse it
        String script = Files.readString(dev.minidocker.testing.TestImages.projectRoot().resolve("scripts/make-aot-cache"));
        int start = script.indexOf("daemon_flags=(");
        String flags = script.substring(start + "daemon_flags=(".length(), script.indexOf(')', start))
                .replace("\\\n", " ").trim();
        assertEquals(DaemonSpawner.JVM_FLAGS, java.util.List.of(flags.split("\\s+")));
    }
}
