package dev.minidocker.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Runs the external tools the test harness uses as oracles (skopeo, umoci, mount, the recipes). */
public final class Tools {
    private Tools() {}

    /** Fails with one line naming the Debian package when a tool is not installed. */
    public static void require(String binary, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, binary))) return;
        }
        for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin")) {
            if (Files.isExecutable(Path.of(dir, binary))) return;
        }
        throw new IllegalStateException("the tests need '" + binary + "' (Debian package " + debianPackage + ")");
    }

    /** Runs a command, returns its stdout; throws with the combined output when it fails. */
    public static String run(List<String> command) {
        return run(command, 600);
    }

    public static String run(List<String> command, long timeoutSeconds) {
        try {
            Path out = Files.createTempFile("md-tool-", ".out");
            Path err = Files.createTempFile("md-tool-", ".err");
            try {
                Process p = new ProcessBuilder(command).redirectOutput(out.toFile())
                        .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                        .start();
                try {
                    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                        p.destroyForcibly().waitFor();
                        throw new IllegalStateException(String.join(" ", command) + ": timed out after " + timeoutSeconds + " s");
                    }
                } catch (InterruptedException timedOutTest) {
                    p.destroyForcibly();   // JUnit interrupts a test past its timeout: its tool must not outlive it
                    throw timedOutTest;
                }
                String stdout = Files.readString(out, StandardCharsets.UTF_8);
                if (p.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", command) + ": exit " + p.exitValue() + "\n"
                            + stdout + Files.readString(err, StandardCharsets.UTF_8));
                }
                return stdout;
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(String.join(" ", command) + ": interrupted", e);
        }
    }

    public static String run(String... command) {
        return run(List.of(command));
    }

    /** Deletes a tree without following symlinks (unmount anything below it first). */
    public static void deleteTree(Path root) {
        if (root == null || !Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(paths::add);
        } catch (IOException e) {
            throw new IllegalStateException("delete " + root + ": " + e.getMessage(), e);
        }
        for (Path p : paths) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                throw new IllegalStateException("delete " + p + ": " + e.getMessage(), e);
            }
        }
    }
}
