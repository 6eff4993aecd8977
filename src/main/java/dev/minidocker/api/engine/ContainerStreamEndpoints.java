package dev.minidocker.api.engine;

import dev.minidocker.api.ApiException;
import dev.minidocker.api.ApiExchange;
import dev.minidocker.api.DetachKeys;
import dev.minidocker.api.HijackedConnection;
import dev.minidocker.api.Router;
import dev.minidocker.api.StreamFrames;
import dev.minidocker.engine.Engine;
import dev.minidocker.engine.Filters;
import dev.minidocker.engine.container.ContainerService;
import dev.minidocker.engine.container.ContainerStatus;
import dev.minidocker.engine.container.LogFollower;
import dev.minidocker.engine.container.LogLine;
import dev.minidocker.engine.container.StdinSink;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The container's output: {@code GET /containers/{id}/logs} from its json-file log, and
 * {@code POST /containers/{id}/attach} (hijacked) live while it runs. Both send Docker's
 * multiplexed frames (raw for a Tty container). An -i container's input comes from attaches.
 */
final class ContainerStreamEndpoints {
    private final Engine engine;

    ContainerStreamEndpoints(Engine engine) {
        this.engine = engine;
    }

    private ContainerService containers() {
        return engine.containers();
    }

    /** {@code since}/{@code until}: Unix seconds (with a fraction), as the docker CLI sends them; 0 or absent: none. */
    private static Instant time(ApiExchange ex, String name) {
        String v = ex.request().query(name);
        if (v == null || v.isEmpty() || v.equals("0")) return null;
        return Filters.instant(v, Instant.now());
    }

    void register(Router r) {
        r.get("/containers/{id}/logs", this::logs);
        r.post("/containers/{id}/attach", this::attach);
        r.post("/containers/{id}/resize", this::resize);
    }

    private void logs(ApiExchange ex) throws IOException {
        String id = containers().resolve(ex.request().param("id"));
        boolean stdout = ex.request().flag("stdout"), stderr = ex.request().flag("stderr");
        boolean timestamps = ex.request().flag("timestamps");
        String tailText = ex.request().query("tail", "all");
        int tail = tailText.equals("all") ? -1 : ex.request().intQuery("tail", -1);
        containers().requireReadableLog(id); // before the 200: Docker's 501
        try (OutputStream body = ex.stream(200, StreamFrames.RAW)) {
            StreamFrames frames = new StreamFrames(body);
            containers().logs(id, tail, ex.request().flag("follow"), time(ex, "since"), time(ex, "until"),
                    entry -> {
                        try {
                            send(frames, entry, stdout, stderr, timestamps);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e); // the client left: stop reading
                        }
                    });
        } catch (UncheckedIOException clientGone) {
            // nothing more to send to anyone
        }
    }

    /**
     * Streams what the container writes from now on (the docker CLI attaches before it starts the
     * container) until it has run and ended, or was removed, or the client typed the detach keys.
     * A Tty container's stream is raw, others' multiplexed (8-byte frames). With {@code stdin=1}
     * and a container made with OpenStdin, the client's input goes to the container; the client's
     * half-close (end of its input) is the container's end of file, the output keeps flowing.
     */
    private void attach(ApiExchange ex) throws IOException {
        String id = containers().resolve(ex.request().param("id"));
        ContainerStatus before = containers().requireStatus(id);
        boolean stdout = ex.request().flag("stdout"), stderr = ex.request().flag("stderr");
        boolean stream = ex.request().flag("stream"), withLogs = ex.request().flag("logs");
        boolean tty = containers().hasTty(id);
        DetachKeys keys = detachKeys(ex.request().query("detachKeys", ""));
        Optional<StdinSink> stdin = ex.request().flag("stdin") && stream ? containers().stdin(id) : Optional.empty();
        AtomicBoolean detached = new AtomicBoolean();
        try (LogFollower follower = containers().follow(id, withLogs)) {
            HijackedConnection conn = ex.hijack(StreamFrames.RAW);
            if (stdin.isPresent()) startInput(id, conn.in(), stdin.get(), keys, detached);
            StreamFrames frames = new StreamFrames(conn.out());
            follower.follow(() -> !stream || detached.get() || ended(id, before), e -> {
                if (tty) sendRaw(conn.out(), e);
                else send(frames, e, stdout, stderr, false);
            });
        } catch (IOException clientGone) {
            // the client detached
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static DetachKeys detachKeys(String spec) {
        try {
            return DetachKeys.parse(spec);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    /** Copies the client's input into the container's until its end (then closes it) or the detach keys. */
    private static void startInput(String id, InputStream in, StdinSink sink, DetachKeys keys, AtomicBoolean detached) {
        Thread.ofVirtual().name("attach-stdin-" + id.substring(0, 12)).start(() -> {
            byte[] buf = new byte[8192];
            java.io.ByteArrayOutputStream forward = new java.io.ByteArrayOutputStream();
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    forward.reset();
                    boolean detach = keys.scan(buf, n, forward);
                    if (forward.size() > 0 && !sink.write(forward.toByteArray(), 0, forward.size())) return;
                    if (detach) {
                        detached.set(true);
                        return;
                    }
                }
                sink.close(); // the client's half-close: end of file for the container
            } catch (IOException | RuntimeException clientGone) {
                // the connection went away: the container's input stays open for the next attach
            }
        });
    }

    private static void sendRaw(OutputStream out, LogLine e) throws IOException {
        byte[] b = e.shown(false).getBytes(StandardCharsets.UTF_8);
        out.write(b);
        out.flush();
    }

    /** {@code ?h=ROWS&w=COLS}: TIOCSWINSZ on its pty master; 409 when it runs without a terminal here. */
    private void resize(ApiExchange ex) throws IOException {
        String id = containers().resolve(ex.request().param("id"));
        int rows = ex.request().intQuery("h", 0), cols = ex.request().intQuery("w", 0);
        if (!containers().isRunning(id)) throw ApiException.conflict("Container " + id + " is not running");
        if (!containers().resize(id, rows, cols)) {
            throw ApiException.conflict("Container " + id + " has no terminal to resize (it was not created with a TTY)");
        }
        ex.empty(200);
    }

    /** True once the container, running or about to start when attach began, has ended (or is gone). */
    private boolean ended(String id, ContainerStatus before) {
        Optional<ContainerStatus> now = containers().status(id);
        if (now.isEmpty()) return true;
        ContainerStatus s = now.get();
        if (s.running()) return false;
        if (s.status().equals(ContainerStatus.CREATED)) return false; // not started yet
        return before.running() || before.status().equals(ContainerStatus.CREATED)
                || (s.finishedAt() != null && !s.finishedAt().equals(before.finishedAt()));
    }

    private static void send(StreamFrames frames, LogLine e, boolean stdout, boolean stderr, boolean timestamps)
            throws IOException {
        boolean isErr = e.stderr();
        if (isErr ? !stderr : !stdout) return;
        String text = e.shown(timestamps);
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        frames.write(isErr ? StreamFrames.STDERR : StreamFrames.STDOUT, b, 0, b.length);
    }
}
