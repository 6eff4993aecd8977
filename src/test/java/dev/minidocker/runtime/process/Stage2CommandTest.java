package dev.minidocker.runtime.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which host files stage 2 runs from, and so which ones are made read-only for the container. */
class Stage2CommandTest {
    @TempDir
    Path tmp;

    Path file(String relative) throws IOException {
        Path p = tmp.resolve(relative);
        Files.createDirectories(p.getParent());
        return Files.createFile(p);
    }

    @Test
    void javaHomeTheJarAndTheAotCache() throws IOException {
        Path java = file("jdk/bin/java");
        Path jar = file("app/mini-docker-stage2.jar");
        Path aot = file("app/mini-docker-stage2.aot");
        var c = Stage2Command.of(java.toString(), jar.toString(), aot.toString());
        assertEquals(List.of(tmp.resolve("jdk").toRealPath().toString(), jar.toRealPath().toString(),
                aot.toRealPath().toString()), c.runtimeFiles());
        assertEquals(java.toString(), c.argv().getFirst(), "spawned by the path it was given");
    }

    /** A stage 2 spawned ahead of time is told the nice value to return to; others are not. */
    @Test
    void theNiceValueToReturnToIsAProperty() throws IOException {
        var c = Stage2Command.of(file("jdk/bin/java").toString(), file("app/mini-docker-stage2.jar").toString(), null);
        List<String> pooled = c.argv(false, -2, null);
        int property = pooled.indexOf("-Dminidocker.restoreNice=-2");
        assertTrue(property > 0 && property < pooled.indexOf(dev.minidocker.runtime.spec.Stage2Protocol.MAIN_CLASS),
                "a JVM option, before the main class: " + pooled);
        assertEquals(List.of(), c.argv(true, null, null).stream().filter(a -> a.contains("restoreNice")).toList());
    }

    @Test
    void symlinksAreResolvedAndNestedOrRepeatedPathsGoOnce() throws IOException {
        Path java = file("jdk/bin/java");
        Path inHome = file("jdk/lib/extra.jar");
        Files.createDirectories(tmp.resolve("usr/bin"));
        Path link = Files.createSymbolicLink(tmp.resolve("usr/bin/java"), java);
        Path classes = Files.createDirectories(tmp.resolve("target/classes"));
        var c = Stage2Command.of(link.toString(), classes + ":" + inHome + ":" + classes, null);
        assertEquals(List.of(tmp.resolve("jdk").toRealPath().toString(), classes.toRealPath().toString()),
                c.runtimeFiles());
    }

    @Test
    void aJavaOutsideABinDirectoryProtectsItsOwnDirectory() throws IOException {
        Path java = file("opt/java");
        Path jar = file("opt/mini-docker.jar");
        assertEquals(List.of(tmp.resolve("opt").toRealPath().toString()),
                Stage2Command.of(java.toString(), jar.toString(), null).runtimeFiles());
    }

    @Test
    void theCacheTrainingRunsStage2WithItsFlags() throws IOException {
        // scripts/make-aot-cache trains stage 2's cache; a JVM started with other flags may refuse it
        String script = Files.readString(dev.minidocker.testing.TestImages.projectRoot().resolve("scripts/make-aot-cache"));
        int start = script.indexOf("stage2_flags=(");
        String flags = script.substring(start + "stage2_flags=(".length(), script.indexOf(')', start)).trim();
        assertEquals(Stage2Command.FAST_FLAGS, List.of(flags.split("\\s+")));
    }
}
