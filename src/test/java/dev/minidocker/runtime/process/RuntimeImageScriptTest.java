package dev.minidocker.runtime.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.minidocker.testing.TestImages;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/make-runtime-image: the runtime image the launchers run holds the method-handle forms
 * that linking FFM's downcall resolves, so that no JVM of ours generates them at start-up.
 */
class RuntimeImageScriptTest {
    private static final Path ROOT = TestImages.projectRoot();
    private static final Path JDK = Path.of(System.getProperty("java.home"));

    @Test
    void theImageResolvesEveryFormStage2LinksWhereTheJdkGeneratesSome(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(JDK.resolve("bin/jlink")), "this JDK has no jlink");
        Path out = dir.resolve("runtime");
        String classes = ROOT.resolve("target/classes").toString();
        Result made = run(List.of(ROOT.resolve("scripts/make-runtime-image").toString(), JDK.toString(), out.toString(),
                classes + File.pathSeparator + libraries(), classes, dir.resolve("store").toString()));
        assertEquals(0, made.exit, made.err);
        List<String> madeFrom = Files.readAllLines(out.resolve(".made-from"));
        assertEquals(JDK.toString(), madeFrom.get(0));
        assertTrue(madeFrom.get(1).contains("JAVA_VERSION=\"" + Runtime.version().feature()), madeFrom.get(1));
        try (var left = Files.list(dir)) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith("runtime.tmp")).toList());
        }

        // Stage 2's training links Native's downcall and everything stage 2 does before its release.
        Result jdk = run(stage2Training(JDK.resolve("bin/java"), classes));
        Result image = run(stage2Training(out.resolve("bin/java"), classes));
        assertEquals(0, jdk.exit, jdk.err);
        assertEquals(0, image.exit, image.err);
        assertNotEquals(List.of(), generated(jdk.out), "the JDK's own holders lack some of the forms (else this test proves nothing)");
        assertTrue(image.out.contains("[LF_RESOLVE] "), "the image's JVM traced its forms");
        assertEquals(List.of(), generated(image.out));
        assertTrue(Files.readString(out.resolve("lib/classlist")).contains("@lambda-form-invoker [LF_RESOLVE] "));
    }

    @Test
    void aJdkWithoutJlinkMakesNoImageAndFails(@TempDir Path dir) throws Exception {
        Path fakeJdk = Files.createDirectories(dir.resolve("jdk/bin"));
        Path out = dir.resolve("runtime");
        Result made = run(List.of(ROOT.resolve("scripts/make-runtime-image").toString(), fakeJdk.getParent().toString(),
                out.toString(), "x.jar", "x.jar"));
        assertNotEquals(0, made.exit);
        assertTrue(made.err.contains("has no bin/java"), made.err);
        assertFalse(Files.exists(out));
    }

    @Test
    void theLaunchersRunTheImageOnlyWhileItsJdkIsUnchanged(@TempDir Path dir) throws Exception {
        Path jdk = Files.createDirectories(dir.resolve("jdk"));
        Files.writeString(jdk.resolve("release"), "IMPLEMENTOR=\"x\"\nJAVA_RUNTIME_VERSION=\"25.0.3+9-LTS\"\nJAVA_VERSION=\"25.0.3\"\n");
        Path image = Files.createDirectories(dir.resolve("target/runtime/bin"));
        Files.writeString(image.resolve("java"), "#!/bin/sh\n");
        image.resolve("java").toFile().setExecutable(true);
        Path madeFrom = dir.resolve("target/runtime/.made-from");
        String versions = "JAVA_RUNTIME_VERSION=\"25.0.3+9-LTS\" JAVA_VERSION=\"25.0.3\" ";
        String runtime = dir.resolve("target/runtime").toString();

        Files.writeString(madeFrom, jdk + "\n" + versions + "\n");
        assertEquals(runtime, runHome(dir, jdk));
        Files.writeString(madeFrom, jdk + "\n" + versions.replace("25.0.3+9", "25.0.2+7") + "\n");
        assertEquals(jdk.toString(), runHome(dir, jdk), "the JDK was updated since: its fixes win");
        Files.writeString(madeFrom, dir.resolve("other-jdk") + "\n" + versions + "\n");
        assertEquals(jdk.toString(), runHome(dir, jdk), "made from another JDK");
        Files.writeString(madeFrom, jdk + "\n");
        assertEquals(jdk.toString(), runHome(dir, jdk), "no version line");
        Files.delete(madeFrom);
        assertEquals(jdk.toString(), runHome(dir, jdk), "no .made-from: not a finished image");
    }

    /** What scripts/runtime-image.sh picks for a launcher at {@code here} that found {@code jdk}. */
    private static String runHome(Path here, Path jdk) throws Exception {
        Result r = run(List.of("bash", "-c", "set -euo pipefail; here=\"$1\" MD_JAVA_HOME=\"$2\"; . \"$3\"; md_run_home; echo \"$run_home\"",
                "test", here.toString(), jdk.toString(), ROOT.resolve("scripts/runtime-image.sh").toString()));
        assertEquals(0, r.exit, r.err);
        return r.out.strip();
    }

    /** The LambdaForms the JVM generated as classes: resolved neither from a holder nor salvaged. */
    private static List<String> generated(String trace) {
        return trace.lines().filter(l -> l.startsWith("[LF_RESOLVE] ") && l.endsWith(" (fail)")).toList();
    }

    private static List<String> stage2Training(Path java, String classes) {
        return List.of(java.toString(), "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-Xint", "-Xshare:auto",
                "-Djava.lang.invoke.MethodHandle.CUSTOMIZE_THRESHOLD=-1",
                "-Djava.lang.invoke.MethodHandle.TRACE_RESOLVE=true", "-cp", classes,
                "dev.minidocker.runtime.init.Stage2", "--train");
    }

    /** The test class path's jars: the main code's libraries (and the test's, which do no harm). */
    private static String libraries() {
        List<String> jars = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) if (e.endsWith(".jar")) jars.add(e);
        return String.join(File.pathSeparator, jars);
    }

    private record Result(int exit, String out, String err) {}

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("md-rti-", ".out"), err = Files.createTempFile("md-rti-", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().remove("JAVA_TOOL_OPTIONS");
            Process p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new IllegalStateException(command + ": timed out");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
