package dev.minidocker.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code docker} command-line client pointed at a mini-docker daemon's socket
 * ({@code DOCKER_HOST=unix://...}), with its own empty config dir so that nothing of the
 * machine's docker setup (contexts, credentials) is used or changed.
 */
public final class DockerCli {
    /** What one docker command did. */
    public record Result(int exitCode, String stdout, String stderr) {
        public Result ok() {
            if (exitCode != 0) throw new AssertionError("docker exited " + exitCode + "\nstdout: " + stdout + "\nstderr: " + stderr);
            return this;
        }
    }

    private final Path socket;
    private final Path configDir;

    public DockerCli(Path socket, Path configDir) {
        Tools.require("docker", "docker.io");
        this.socket = socket;
        this.configDir = configDir;
    }

    public Result run(String... args) {
        return run(120, args);
    }

    public Result run(long timeoutSeconds, String... args) {
        List<String> command = new ArrayList<>();
        command.add("docker");
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("md-docker-", ".out");
            Path err = Files.createTempFile("md-docker-", ".err");
            try {
                ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
                pb.environment().put("DOCKER_HOST", "unix://" + socket);
                pb.environment().put("DOCKER_CONFIG", configDir.toString());
                pb.environment().remove("DOCKER_CONTEXT");
                pb.environment().remove("DOCKER_API_VERSION");
                pb.environment().put("DOCKER_BUILDKIT", "0"); // the classic builder: no buildx here, BuildKit is not served
                Process p = pb.start();
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor();
                    throw new AssertionError(String.join(" ", command) + ": timed out after " + timeoutSeconds + " s\n"
                            + Files.readString(out) + Files.readString(err));
                }
                return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
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
}
