package dev.minidocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** mini-docker over one store, each call in its own JVM (as a user's shell runs it), output in files. */
record MiniDockerProcess(Path root, Path logs) {
    record Result(int code, String out, String err) {
        Result ok() {
            assertEquals(0, code, "exit " + code + "\nstdout: " + out + "\nstderr: " + err);
            return this;
        }
    }

    Process start(String name, String... args) throws IOException {
        return start(name, null, args);
    }

    /** With stdin read from {@code stdin} (null: /dev/null). */
    Process start(String name, Path stdin, String... args) throws IOException {
        return start(name, stdin, java.util.Map.of(), args);
    }

    /** With these environment variables added. */
    Process start(String name, Path stdin, java.util.Map<String, String> env, String... args) throws IOException {
        Files.createDirectories(logs);
        ProcessBuilder pb = new ProcessBuilder(argv(args));
        pb.environment().putAll(env);
        return pb
                .redirectInput(ProcessBuilder.Redirect.from(stdin == null ? new java.io.File("/dev/null") : stdin.toFile()))
                .redirectOutput(logs.resolve(name + ".out").toFile())
                .redirectError(logs.resolve(name + ".err").toFile())
                .start();
    }

    /** The command line of {@code mini-docker --root ROOT args...} in a JVM of its own. */
    List<String> argv(String... args) {
        String java = ProcessHandle.current().info().command()
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> argv = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "--root", root.toString()));
        argv.addAll(List.of(args));
        return argv;
    }

    Result finish(String name, Process p) throws Exception {
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(name + " did not finish");
        }
        return new Result(p.exitValue(), Files.readString(logs.resolve(name + ".out")),
                Files.readString(logs.resolve(name + ".err")));
    }

    Result call(String... args) throws Exception {
        String name = args[0] + "-" + System.nanoTime();
        return finish(name, start(name, args));
    }

    /** A call with its stdin from a file. */
    Result callWithInput(Path stdin, String... args) throws Exception {
        String name = args[0] + "-" + System.nanoTime();
        return finish(name, start(name, stdin, args));
    }

    /** A call whose stdout (binary: a tar) is the returned file. */
    Path callToFile(String... args) throws Exception {
        String name = args[0] + "-" + System.nanoTime();
        finish(name, start(name, args)).ok();
        return logs.resolve(name + ".out");
    }

    /** Waits until the container's state says running. */
    void awaitRunning(String container) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Result r = call("inspect", "-f", "{{.State.Status}}", container);
            if (r.code() == 0 && r.out().strip().equals("running")) return;
            Thread.sleep(200);
        }
        assertTrue(false, container + " never ran");
    }
}
