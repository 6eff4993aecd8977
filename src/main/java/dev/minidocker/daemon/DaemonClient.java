package dev.minidocker.daemon;

import dev.minidocker.json.Json;
import dev.minidocker.MiniDockerException;
import dev.minidocker.api.ApiResponse;
import dev.minidocker.api.UnixHttpClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How the CLI talks to the daemon of a store root: find it ({@code $MINIDOCKER_HOST}, else the
 * address in {@code <root>/daemon.json}, else the root's default socket), start it when nobody
 * answers ({@link #ensureRunning}), and send it Engine API requests.
 */
public final class DaemonClient {
    /** How long a daemon started on demand may take to answer /_ping (a cold JVM on a busy box). */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final DaemonAddress address;
    private final UnixHttpClient http;

    public DaemonClient(DaemonAddress address) {
        this.address = address;
        this.http = new UnixHttpClient(address.socketAddress());
    }

    /** The client for the daemon of {@code root}, whether it runs or not. */
    public static DaemonClient forRoot(Path root) {
        return new DaemonClient(new DaemonPaths(root).clientAddress());
    }

    /**
     * The client for a running daemon of {@code root}: the one that answers, or a new one started
     * in the background (its own session, output to {@code <root>/daemon.log}). This is what makes
     * {@code mini-docker run -d} work on a fresh machine without a manual step.
     */
    public static DaemonClient ensureRunning(Path root) {
        DaemonClient client = forRoot(root);
        if (client.ping()) return client;
        DaemonPaths paths = new DaemonPaths(root);
        long pid = DaemonSpawner.spawn(paths, client.address);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (client.ping()) return client;
            if (!DaemonSpawner.isAlive(pid) && !DaemonLock.isHeld(paths.lockFile())) {
                throw new MiniDockerException("the mini-docker daemon exited while starting: " + DaemonSpawner.logTail(paths));
            }
            sleep(20);
        }
        throw new MiniDockerException("the mini-docker daemon did not answer on " + client.address + " within "
                + START_TIMEOUT.toSeconds() + " s: " + DaemonSpawner.logTail(paths));
    }

    /**
     * Starts the daemon of {@code root} in the background unless one runs or is starting, without
     * waiting for it: what a foreground run that ran in its own process leaves behind, so that the
     * next run goes to the daemon (the warm path). Returns the new daemon's pid, or -1 when none
     * was started. A failure to start is the next command's business: it runs in-process.
     */
    public static long startInBackground(Path root) {
        DaemonPaths paths = new DaemonPaths(root);
        if (DaemonLock.isHeld(paths.lockFile())) return -1;
        DaemonClient client = forRoot(root);
        if (client.ping()) return -1;
        return DaemonSpawner.spawn(paths, client.address);
    }

    public DaemonAddress address() {
        return address;
    }

    /** True when a daemon answers {@code GET /_ping} with OK. */
    public boolean ping() {
        return answers(address);
    }

    static boolean answers(DaemonAddress address) {
        if (address.isUnix() && !Files.exists(address.unixPath())) return false;
        try (ApiResponse r = new UnixHttpClient(address.socketAddress()).send("GET", "/_ping", null)) {
            return r.status() == 200 && r.text().equals("OK");
        } catch (IOException e) {
            return false;
        }
    }

    /** Sends a request; {@code body} is JSON-encoded unless null. The caller closes the response. */
    public ApiResponse send(String method, String path, Object body) {
        try {
            return http.send(method, path, body);
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    /** A request whose JSON answer is parsed into {@code type}; an error answer throws its message. */
    public <T> T call(String method, String path, Object body, Class<T> type) {
        try {
            return send(method, path, body).json(type);
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    /** A request whose answer has no body worth reading; an error answer throws its message. */
    public void call(String method, String path, Object body) {
        try (ApiResponse r = send(method, path, body).orThrow()) {
            r.body().transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    /** A streamed answer (events): each line of its body goes to {@code line} until the daemon ends it. */
    public void lines(String method, String path, java.util.function.Consumer<String> line) {
        try (ApiResponse r = send(method, path, null).orThrow();
             java.io.BufferedReader in = new java.io.BufferedReader(
                     new java.io.InputStreamReader(r.body(), java.nio.charset.StandardCharsets.UTF_8))) {
            for (String l; (l = in.readLine()) != null; ) line.accept(l);
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    /** A hijacked connection (attach, exec start): raw streams both ways once the head is read. */
    public UnixHttpClient.Hijacked hijack(String method, String path, Object body) {
        try {
            UnixHttpClient.Hijacked h = http.hijack(method, path, body);
            if (h.head().status() != 101 && h.head().status() != 200) {
                try (h) {
                    new ApiResponse(h.head().status(), h.head().headers(), h.in(), h.channel()).orThrow();
                }
            }
            return h;
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    private MiniDockerException unreachable(IOException e) {
        return new MiniDockerException("cannot reach the mini-docker daemon at " + address + ": " + e.getMessage(), e);
    }

    static DaemonInfo readInfo(DaemonPaths paths) {
        try {
            return Json.MAPPER.readValue(Files.readAllBytes(paths.infoFile()), DaemonInfo.class);
        } catch (IOException e) {
            return null;
        }
    }

    /** " (pid N, unix:///...)" for messages about a running daemon, or "". */
    static String describeRunning(DaemonPaths paths) {
        DaemonInfo info = readInfo(paths);
        return info == null ? "" : " (pid " + info.pid() + ", " + info.host() + ")";
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MiniDockerException("interrupted while waiting for the daemon");
        }
    }
}
