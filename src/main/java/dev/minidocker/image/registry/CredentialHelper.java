package dev.minidocker.image.registry;

import dev.minidocker.model.RegistryCredentials;
import dev.minidocker.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.minidocker.MiniDockerException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One docker credential helper ({@code docker-credential-pass}, {@code -secretservice},
 * {@code -desktop}, {@code -ecr-login}, ...), spoken to as docker does (docker-credential-helpers'
 * client): {@code get} and {@code erase} read the server URL on stdin, {@code store} reads
 * {@code {"ServerURL","Username","Secret"}}; {@code get} answers that JSON on stdout. A helper
 * reports failure by exiting non-zero with its message on stdout; its stderr goes to ours (a
 * pinentry prompt, say). The message {@value #NOT_FOUND} means "no credentials": anonymous.
 * Error messages are docker's, and never contain a secret.
 */
final class CredentialHelper {
    static final String PREFIX = "docker-credential-";
    /** What every helper prints when it has nothing for the server (credentials.errCredentialsNotFound). */
    static final String NOT_FOUND = "credentials not found in native keychain";
    private static final ObjectMapper JSON = Json.MAPPER;
    private static final int MAX_OUTPUT = 1 << 20;

    private final String program;
    private final List<Path> searchPath;

    /**
     * @param suffix     the configured name ({@code pass} runs {@code docker-credential-pass})
     * @param searchPath directories searched for the program, in order ($PATH's)
     */
    CredentialHelper(String suffix, List<Path> searchPath) {
        this.program = PREFIX + suffix;
        this.searchPath = List.copyOf(searchPath);
    }

    /** The directories of {@code $PATH}. */
    static List<Path> systemPath() {
        String path = System.getenv("PATH");
        List<Path> dirs = new ArrayList<>();
        if (path == null) return dirs;
        for (String d : path.split(":")) dirs.add(Path.of(d.isEmpty() ? "." : d));
        return dirs;
    }

    String program() {
        return program;
    }

    /** The credentials stored for {@code serverUrl}; empty when the helper has none. */
    Optional<RegistryCredentials> get(String serverUrl) {
        Result r = run("get", serverUrl.getBytes(StandardCharsets.UTF_8), "getting");
        if (!r.ok()) {
            if (r.message().equals(NOT_FOUND)) return Optional.empty();
            throw r.failure();
        }
        JsonNode body;
        try {
            body = JSON.readTree(r.stdout());
        } catch (IOException e) {
            body = null;
        }
        if (body == null || !body.isObject()) {
            // the output may hold a secret: name the program, not what it printed
            throw new MiniDockerException("error getting credentials - err: " + program
                    + " get did not answer a JSON object");
        }
        String user = body.path("Username").asText("");
        String secret = body.path("Secret").asText("");
        if (user.equals(RegistryCredentials.TOKEN_USERNAME)) return Optional.of(RegistryCredentials.ofIdentityToken(secret));
        if (user.isEmpty() && secret.isEmpty()) return Optional.empty();
        return Optional.of(new RegistryCredentials(user, secret));
    }

    /** Stores credentials for {@code serverUrl}; an identity token goes as docker's {@code <token>} user. */
    void store(String serverUrl, RegistryCredentials credentials) {
        ObjectNode body = JSON.createObjectNode().put("ServerURL", serverUrl);
        if (credentials.hasIdentityToken()) {
            body.put("Username", RegistryCredentials.TOKEN_USERNAME).put("Secret", credentials.identityToken());
        } else {
            body.put("Username", credentials.username()).put("Secret", credentials.password());
        }
        byte[] input;
        try {
            input = JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new MiniDockerException("error storing credentials - err: " + e.getMessage(), e);
        }
        Result r = run("store", input, "storing");
        if (!r.ok()) throw r.failure();
    }

    /** Forgets the credentials of {@code serverUrl}; throws when the helper refuses (or has none). */
    void erase(String serverUrl) {
        Result r = run("erase", serverUrl.getBytes(StandardCharsets.UTF_8), "erasing");
        if (!r.ok()) throw r.failure();
    }

    /** One run of the program; {@code verb} names the action in docker's error wording. */
    private Result run(String action, byte[] input, String verb) {
        Path exe = locate();
        if (exe == null) {
            return new Result(-1, new byte[0], verb, "exec: \"" + program + "\": executable file not found in $PATH");
        }
        Process p;
        try {
            p = new ProcessBuilder(exe.toString(), action).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            return new Result(-1, new byte[0], verb, "fork/exec " + exe + ": " + e.getMessage());
        }
        try {
            try (OutputStream in = p.getOutputStream()) {
                in.write(input);
            } catch (IOException ignored) {
                // a helper that exits without reading its stdin: its exit status says what happened
            }
            byte[] out;
            try (InputStream stdout = p.getInputStream()) {
                out = stdout.readNBytes(MAX_OUTPUT);
                stdout.transferTo(OutputStream.nullOutputStream()); // a helper blocked on a full pipe never exits
            }
            int status = p.waitFor();
            return new Result(status, out, verb, status == 0 ? null : "exit status " + status);
        } catch (IOException e) {
            throw new MiniDockerException("error " + verb + " credentials - err: read from " + program + ": "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MiniDockerException("error " + verb + " credentials - err: interrupted waiting for " + program, e);
        } finally {
            if (p.isAlive()) p.destroyForcibly();
        }
    }

    /** Where exec.LookPath would find the program: the first executable regular file on the path. */
    private Path locate() {
        if (program.indexOf('/') >= 0) return null; // a helper name, not a path
        for (Path dir : searchPath) {
            Path candidate = dir.resolve(program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) return candidate;
        }
        return null;
    }

    /** @param error null on success; else Go's error text ("exit status 1", "exec: ...") */
    private record Result(int status, byte[] stdout, String verb, String error) {
        boolean ok() {
            return error == null;
        }

        String message() {
            return new String(stdout, StandardCharsets.UTF_8).strip();
        }

        MiniDockerException failure() {
            // the protocol's two validation errors stand alone (client.isValidCredsMessage)
            if (message().equals("no credentials server URL") || message().equals("no credentials username")) {
                return new MiniDockerException(message());
            }
            return new MiniDockerException("error " + verb + " credentials - err: " + error + ", out: `" + message() + "`");
        }
    }
}
