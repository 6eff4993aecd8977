package dev.minidocker.api.engine;

import dev.minidocker.api.ApiExchange;
import dev.minidocker.api.HijackedConnection;
import dev.minidocker.api.Router;
import dev.minidocker.api.StreamFrames;
import dev.minidocker.runtime.container.LogEntry;
import dev.minidocker.runtime.container.LogReader;
import dev.minidocker.state.ContainerState;
import dev.minidocker.state.NoSuchContainerException;
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
    private final EngineContext ctx;

    ContainerStreamEndpoints(EngineContext ctx) {
        this.ctx = ctx;
    }

    void register(Router r) {
        r.get("/containers/{id}/logs", this::logs);
        r.post("/containers/{id}/attach", this::attach);
    }

    private void logs(ApiExchange ex) throws IOException {
        String id = ctx.containers().resolve(ex.request().param("id"));
        boolean stdout = ex.request().flag("stdout"), stderr = ex.request().flag("stderr");
        boolean timestamps = ex.request().flag("timestamps");
        String tailText = ex.request().query("tail", "all");
        int tail = tailText.equals("all") ? -1 : ex.request().intQuery("tail", -1);
        try (OutputStream body = ex.stream(200, StreamFrames.RAW)) {
            StreamFrames frames = new StreamFrames(body);
            new LogReader(ctx.containers()).read(id, tail, ex.request().flag("follow"),
                    () -> ctx.effectiveState(id).map(ContainerState::isRunning).orElse(false),
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
        String id = ctx.containers().resolve(ex.request().param("id"));
        ContainerState before = ctx.effectiveState(id).orElseThrow(() -> new NoSuchContainerException(id));
        boolean stdout = ex.request().flag("stdout"), stderr = ex.request().flag("stderr");
        boolean stream = ex.request().flag("stream"), withLogs = ex.request().flag("logs");
        try (LogFollower follower = new LogFollower(ctx.containers().containerDir(id), withLogs)) {
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
    private boolean ended(String id, ContainerState before) {
        Optional<ContainerState> now = ctx.effectiveState(id);
        if (now.isEmpty()) return true;
        ContainerState s = now.get();
        if (s.isRunning()) return false;
        if (s.status().equals(ContainerState.CREATED)) return false; // not started yet
        return before.isRunning() || before.status().equals(ContainerState.CREATED)
                || (s.finishedAt() != null && !s.finishedAt().equals(before.finishedAt()));
    }

    private static void send(StreamFrames frames, LogEntry e, boolean stdout, boolean stderr, boolean timestamps)
            throws IOException {
        boolean isErr = e.isStderr();
        if (isErr ? !stderr : !stdout) return;
        String text = timestamps && e.time() != null ? e.time() + " " + e.log() : e.log();
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        frames.write(isErr ? StreamFrames.STDERR : StreamFrames.STDOUT, b, 0, b.length);
    }
}
