package dev.minidocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.testing.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ./mini-docker rebuilds a jar older than the sources before it runs the command, though the check
 * runs beside the JVM's start-up (dev.minidocker.JarFreshness): the real launcher in a scratch
 * checkout whose java runs this build's classes and whose mvn only records that it ran.
 */
class LauncherRebuildTest {
    private static final Path ROOT = TestImages.projectRoot();
    private Path repo, jar, source, builds;
    private Map<String, String> env;

    @BeforeEach
    void checkout(@TempDir Path dir) throws IOException {
        repo = Files.createDirectories(dir.resolve("repo"));
        for (String launcher : List.of("mini-docker", "mini-docker-runtime")) {
            Files.copy(ROOT.resolve(launcher), repo.resolve(launcher), StandardCopyOption.COPY_ATTRIBUTES);
        }
        Files.createDirectories(repo.resolve("scripts"));
        for (String s : List.of("runtime-image.sh", "find-jdk.sh")) Files.copy(ROOT.resolve("scripts/" + s), repo.resolve("scripts/" + s));
        source = Files.createDirectories(repo.resolve("src/main/java")).resolve("X.java");
        Files.writeString(source, "class X {}\n");
        Files.writeString(repo.resolve("pom.xml"), "<project/>\n");
        jar = Files.createDirectories(repo.resolve("target")).resolve("mini-docker.jar");
        Files.writeString(jar, "");
        // The launcher's JDK (target/.jdk, as found for this $JAVA_HOME): its java runs this build's Main.
        Path jdk = Files.createDirectories(dir.resolve("jdk/bin"));
        script(jdk.resolve("java"), "#!/bin/sh\nwhile :; do case \"$1\" in dev.minidocker.*) break ;; esac; shift; done\n"
                + "main=\"$1\"; shift\nexec \"$REAL_JAVA\" --enable-native-access=ALL-UNNAMED -cp \"$TEST_CP\" \"$main\" \"$@\"\n");
        Files.writeString(repo.resolve("target/.jdk"), "\n" + jdk.getParent() + "\n");
        builds = dir.resolve("builds");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        script(bin.resolve("mvn"), "#!/bin/sh\necho \"$PWD\" >> '" + builds + "'\ntouch target/mini-docker.jar\n");
        ageSources();
        env = Map.of("PATH", bin + ":" + System.getenv("PATH"), "JAVA_HOME", "", "MINIDOCKER_NO_AOT", "1",
                "REAL_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "TEST_CP", System.getProperty("java.class.path"));
    }

    @Test
    void aFreshJarRunsWithoutABuild() throws Exception {
        age(jar, 60);
        age(source, 120);
        Result r = launch("--version");
        assertEquals(0, r.exit, r.err);
        assertTrue(r.out.contains("mini-docker version"), r.out);
        assertFalse(Files.exists(builds), "nothing was built");
    }

    @Test
    void aSourceNewerThanTheJarIsBuiltBeforeTheCommandRuns() throws Exception {
        age(jar, 120);
        age(source, 60);
        Result r = launch("--version");
        assertEquals(0, r.exit, r.err);
        assertTrue(r.out.contains("mini-docker version"), r.out);
        assertEquals(1, count(r.out, "mini-docker version"), "the command ran once: " + r.out);
        assertTrue(r.err.contains("mini-docker: building"), r.err);
        assertEquals(List.of(repo.toString()), Files.readAllLines(builds));

        age(jar, 120);
        Result failed = launch("nosuchverb");
        assertEquals(ExitCodes.VERB_FAILED, failed.exit, "the command's own status (docker's for an unknown verb), after the build: "
                + failed.err);
        assertEquals(2, Files.readAllLines(builds).size());
    }

    @Test
    void aSourceDatedInTheFutureBuildsOncePerCommandNotForever() throws Exception {
        Files.setLastModifiedTime(source, FileTime.from(Instant.now().plusSeconds(3600)));
        Result r = launch("--version");
        assertEquals(0, r.exit, r.err);
        assertEquals(1, Files.readAllLines(builds).size(), "one build, then the command");
        assertEquals(1, count(r.out, "mini-docker version"));
    }

    @Test
    void theRuntimeLauncherRebuildsTheSameWay() throws Exception {
        age(jar, 120);
        age(source, 60);
        Result r = run("mini-docker-runtime", "--version");
        assertEquals(0, r.exit, r.err);
        assertEquals(1, count(r.out, "mini-docker-runtime version"), r.out);
        assertEquals(1, Files.readAllLines(builds).size());
        Result again = run("mini-docker-runtime", "--version");
        assertEquals(0, again.exit, again.err);
        assertEquals(1, Files.readAllLines(builds).size(), "fresh now");
    }

    private Result launch(String... args) throws Exception {
        return run("mini-docker", args);
    }

    private Result run(String launcher, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(repo.resolve(launcher).toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(env);
        pb.environment().remove("MINIDOCKER_FRESHNESS");
        Process p = pb.start();
        var out = p.getInputStream().readAllBytes();
        var err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Result(p.exitValue(), new String(out), new String(err));
    }

    private record Result(int exit, String out, String err) {}

    private static void age(Path file, int seconds) throws IOException {
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(seconds)));
    }

    /** The checkout's sources (src/main, its directories, pom.xml) older than anything a test dates. */
    private void ageSources() throws IOException {
        try (var all = Files.walk(repo.resolve("src/main"))) {
            for (Path p : all.toList()) age(p, 600);
        }
        age(repo.resolve("pom.xml"), 600);
    }

    private static int count(String text, String what) {
        return text.split(java.util.regex.Pattern.quote(what), -1).length - 1;
    }

    private static void script(Path path, String text) throws IOException {
        Files.writeString(path, text);
        path.toFile().setExecutable(true);
    }
}
