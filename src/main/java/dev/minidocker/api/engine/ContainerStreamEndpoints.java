package dev.minidocker.api.engine;

import dev.minidocker.api.ApiExchange;
import dev.minidocker.api.HijackedConnection;
import dev.minidocker.api.Router;
import dev.minidocker.api.StreamFrames;
import dev.minidocker.engine.Engine;
import dev.minidocker.engine.container.ContainerService;
import dev.minidocker.engine.container.ContainerStatus;
import dev.minidocker.engine.container.LogFollower;
import dev.minidocker.engine.container.LogLine;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The container's output: {@code GET /containers/{id}/logs} from its json-file log, and
 * {@code POST /containers/{id}/attach} (hijacked) live while it runs. Both send Docker's
 * multiplexed frames. Detached containers have no terminal and read /dev/null, so attach carries
 * output only (stdin is not forwarded) and TTY containers get the same framing.
 */
final class ContainerStreamEndpoints {
    private final Engine engine;

    ContainerStreamEndpoints(Engine engine) {
        this.engine = engine;
    }

    private ContainerService containers() {
        return engine.containers();
    }

    void register(Router r) {
        r.get("/containers/{id}/logs", this::logs);
        r.post("/containers/{id}/attach", this::attach);
    }

    private void logs(ApiExchange ex) throws IOException {
        String id = containers().resolve(ex.request().param("id"));
        boolean stdout = ex.request().flag("stdout"), stderr = ex.request().flag("stderr");
        boolean timestamps = ex.request().flag("timestamps");
        String tailText = ex.request().query("tail", "all");
        int tail = tailText.equals("all") ? -1 : ex.request().intQuery("tail", -1);
        try (OutputStream body = ex.stream(200, StreamFrames.RAW)) {
            StreamFrames frames = new StreamFrames(body);
            containers().logs(id, tail, ex.request().flag("follow"),
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
     * container) until it has run and ended, or was removed.
     */
    private void attach(ApiExchange ex) throws IOException {
        String id = containers().resolve(ex.request().param("id"));
        ContainerStatus before = containers().requireStatus(id);
        boolean stdout = ex.request().flag("stdout"), stderr = ex.request().flag("stderr");
        boolean stream = ex.request().flag("stream"), withLogs = ex.request().flag("logs");
        try (LogFollower follower = containers().follow(id, withLogs)) {
            HijackedConnection conn = ex.hijack(StreamFrames.RAW);
            StreamFrames frames = new StreamFrames(conn.out());
            follower.follow(() -> !stream || ended(id, before), e -> send(frames, e, stdout, stderr, false));
        } catch (IOException clientGone) {
            // the client detached
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
