package dev.minidocker.oci;

import dev.minidocker.MiniDockerException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a bundle's hooks of one kind, in order, each with the container's state JSON on stdin (runtime-spec "hooks"). */
final class Hooks {
    private Hooks() {}

    static void run(Map<String, List<Bundle.Hook>> hooks, String kind, String stateJson) {
        for (Bundle.Hook hook : hooks.getOrDefault(kind, List.of())) {
            ProcessBuilder pb = new ProcessBuilder(hook.args());
            pb.environment().clear();
            for (String kv : hook.env()) {
                int eq = kv.indexOf('=');
                if (eq > 0) pb.environment().put(kv.substring(0, eq), kv.substring(eq + 1));
            }
            // args[0] is argv[0]; the program is path (ProcessBuilder runs args[0], so put path there).
            pb.command().set(0, hook.path());
            pb.redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT);
            try {
                Process p = pb.start();
                try (OutputStream in = p.getOutputStream()) {
                    in.write(stateJson.getBytes(StandardCharsets.UTF_8));
                } catch (IOException ignored) {
                    // the hook need not read its stdin
                }
                boolean exited = hook.timeout() > 0 ? p.waitFor(hook.timeout(), TimeUnit.SECONDS) : p.waitFor() >= 0;
                if (!exited) {
                    p.destroyForcibly();
                    throw new MiniDockerException(kind + " hook " + hook.path() + " timed out after " + hook.timeout() + "s");
                }
                if (p.exitValue() != 0) {
                    throw new MiniDockerException(kind + " hook " + hook.path() + " exited with status " + p.exitValue());
                }
            } catch (IOException e) {
                throw new MiniDockerException("cannot run " + kind + " hook " + hook.path() + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MiniDockerException(kind + " hook " + hook.path() + " interrupted", e);
            }
        }
    }
}
