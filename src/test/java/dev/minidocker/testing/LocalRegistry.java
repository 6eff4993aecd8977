package dev.minidocker.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A real registry for tests: Debian's {@code docker-registry} (distribution 2.8) serving plain
 * HTTP on 127.0.0.1 at a free port, storing into a temp directory. Images get in with
 * {@code skopeo copy}, which keeps the layout's digests.
 *
 * <p>{@link #shared()} starts one registry per test JVM on first use and stops it from a shutdown
 * hook, so test classes share it; {@link #start()} gives a private one to close yourself.
 */
public final class LocalRegistry implements AutoCloseable {
    private static LocalRegistry shared;

    private final Path dir;
    private final Process process;
    private final int port;
    private final Set<String> pushed = new HashSet<>();

    private LocalRegistry(Path dir, Process process, int port) {
        this.dir = dir;
        this.process = process;
        this.port = port;
    }

    /** The registry every test class shares; started on first use, stopped when the JVM exits. */
    public static synchronized LocalRegistry shared() {
        if (shared == null || !shared.process.isAlive()) {
            shared = start();
            LocalRegistry r = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(r::close, "local-registry-stop"));
        }
        return shared;
    }

    /** Starts a private registry; the caller closes it. */
    public static LocalRegistry start() {
        return start("");
    }

    /**
     * Starts a private registry with an {@code auth:} section (htpasswd or token; YAML at the top
     * level of distribution's config); GET /v2/ then answers 401, which counts as ready.
     */
    public static LocalRegistry start(String authYaml) {
        Tools.require("docker-registry", "docker-registry");
        Tools.require("skopeo", "skopeo");
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {   // the free port can be taken before we bind it
            Path dir = null;
            try {
                dir = Files.createTempDirectory("md-registry-");
                int port = freePort();
                Files.writeString(dir.resolve("config.yml"), config(dir.resolve("storage"), port) + authYaml);
                Files.writeString(dir.resolve("policy.json"), "{\"default\":[{\"type\":\"insecureAcceptAnything\"}]}\n");
                Process p = new ProcessBuilder("docker-registry", "serve", dir.resolve("config.yml").toString())
                        .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
                LocalRegistry r = new LocalRegistry(dir, p, port);
                try {
                    r.awaitReady();
                    return r;
                } catch (IllegalStateException e) {
                    r.close();
                    last = e;
                }
            } catch (IOException e) {
                Tools.deleteTree(dir);
                last = new IllegalStateException("start docker-registry: " + e.getMessage(), e);
            }
        }
        throw last;
    }

    /** "127.0.0.1:PORT": the registry part of image references. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    /** Pushes tag {@code tag} of an OCI image layout as NAME:TAG; returns "HOST/NAME:TAG". Pushes once. */
    public synchronized String push(Path ociLayout, String name, String tag) {
        String ref = host() + "/" + name + ":" + tag;
        String key = ociLayout.toAbsolutePath() + " " + ref;
        if (!pushed.contains(key)) {
            Tools.run("skopeo", "--policy", dir.resolve("policy.json").toString(), "copy", "--quiet",
                    "--dest-tls-verify=false", "oci:" + ociLayout.toAbsolutePath() + ":" + tag, "docker://" + ref);
            pushed.add(key);
        }
        return ref;
    }

    /** Where config, log and storage live (deleted on close). */
    Path directory() {
        return dir;
    }

    /** GET on this registry's HTTP API (path starting with /v2/); returns the response. */
    public HttpResponse<byte[]> get(String path, String accept) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://" + host() + path))
                    .timeout(Duration.ofSeconds(30));
            if (accept != null) req.header("Accept", accept);
            return client.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
        }
    }

    @Override
    public synchronized void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        Tools.deleteTree(dir);
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("docker-registry exited with " + process.exitValue() + ": " + log());
            }
            try {
                int status = get("/v2/", null).statusCode();
                if (status == 200 || status == 401) return;
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for docker-registry", e);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for docker-registry", e);
            }
        }
        throw new IllegalStateException("docker-registry did not answer GET /v2/ within 20 s: " + log());
    }

    private String log() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("registry.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String config(Path storage, int port) {
        return """
                version: 0.1
                log:
                  level: warn
                  accesslog:
                    disabled: true
                storage:
                  filesystem:
                    rootdirectory: %s
                  delete:
                    enabled: true
                http:
                  addr: 127.0.0.1:%d
                """.formatted(storage, port);
    }
}
