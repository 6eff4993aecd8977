package dev.minidocker.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One CLI call in a child JVM, for what the test JVM cannot change in-process (its PATH, as the
 * credential helpers are found on it). Exit code, stdout and stderr as a user sees them.
 */
record CliProcess(int code, String out, String err) {

    static CliProcess run(Map<String, String> env, String stdin, String... args) throws IOException, InterruptedException {
        Process p = start(env, args);
        try {
            try (var in = p.getOutputStream()) {
                if (stdin != null) in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            // outputs are small: reading one after the other cannot fill a pipe
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) throw new AssertionError("mini-docker " + args[0] + " hung");
            return new CliProcess(p.exitValue(), out, err);
        } finally {
            p.destroyForcibly();
        }
    }

    /** The same call left running, for a test that talks to it while it runs. */
    static Process start(Map<String, String> env, String... args) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command(args));
        pb.environment().putAll(env);
        return pb.start();
    }

    /** The java command line that runs mini-docker with these arguments from the test's class path. */
    static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }
}
