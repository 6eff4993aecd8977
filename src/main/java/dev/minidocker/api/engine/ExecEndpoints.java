package dev.minidocker.api.engine;

import dev.minidocker.api.ApiException;
import dev.minidocker.api.ApiExchange;
import dev.minidocker.api.HijackedConnection;
import dev.minidocker.api.Router;
import dev.minidocker.api.StreamFrames;
import dev.minidocker.api.model.ContainerCreateResponse;
import dev.minidocker.api.model.ExecCreateRequest;
import dev.minidocker.api.model.ExecStartRequest;
import dev.minidocker.engine.Engine;
import dev.minidocker.engine.ExitStatus;
import dev.minidocker.engine.container.ContainerStatus;
import dev.minidocker.engine.container.ExecPipes;
import dev.minidocker.engine.container.ExecProcess;
import dev.minidocker.engine.container.ExecRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code docker exec}: {@code POST /containers/{id}/exec} records what to run, {@code POST
 * /exec/{id}/start} runs it through the engine's exec (every namespace and the cgroup of the
 * container) with its stdio on pipes that are pumped into the hijacked connection, and
 * {@code GET /exec/{id}/json} reports the exit code.
 */
final class ExecEndpoints {
    private static final int REMEMBERED = 1000;
    private final Engine engine;
    private final Map<String, ExecSession> sessions = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ExecSession> eldest) {
            return size() > REMEMBERED;
        }
    };

    ExecEndpoints(Engine engine) {
        this.engine = engine;
    }

    void register(Router r) {
        r.post("/containers/{id}/exec", this::create);
        r.post("/exec/{id}/start", this::start);
        r.get("/exec/{id}/json", this::inspect);
        r.post("/exec/{id}/resize", this::resize);
    }

    /** {@code docker exec -t}'s window size; 409 for an exec without a terminal (or one that ended). */
    private void resize(ApiExchange ex) throws IOException {
        ExecSession session = session(ex.request().param("id"));
        int rows = ex.request().intQuery("h", 0), cols = ex.request().intQuery("w", 0);
        if (rows <= 0 || cols <= 0) throw ApiException.badRequest("h and w must be positive");
        if (!session.resize(rows, cols)) throw ApiException.conflict("Exec " + session.id() + " has no terminal to resize");
        ex.empty(200);
    }

    private void create(ApiExchange ex) throws IOException {
        String id = engine.containers().resolve(ex.request().param("id"));
        ExecCreateRequest body = ex.request().json(ExecCreateRequest.class);
        if (body == null || body.cmd() == null || body.cmd().isEmpty()) throw ApiException.badRequest("No exec command specified");
        UnsupportedSettings.checkExec(body.privileged());
        if (!engine.containers().isRunning(id)) {
            throw ApiException.conflict("Container " + id + " is not running");
        }
        if (engine.containers().status(id).map(s -> s.status().equals(ContainerStatus.PAUSED)).orElse(false)) {
            throw ApiException.conflict("Container " + id + " is paused, unpause the container before exec");
        }
        ExecSession session = new ExecSession(engine.containers().newExecId(), id, body);
        synchronized (sessions) {
            sessions.put(session.id(), session);
        }
        ex.json(201, new ContainerCreateResponse(session.id(), null));
    }

    private ExecSession session(String execId) {
        synchronized (sessions) {
            ExecSession s = sessions.get(execId);
            if (s == null) throw ApiException.notFound("No such exec instance: " + execId);
            return s;
        }
    }

    private void inspect(ApiExchange ex) throws IOException {
        ex.json(200, session(ex.request().param("id")).inspect());
    }

    private void start(ApiExchange ex) throws IOException {
        ExecSession session = session(ex.request().param("id"));
        ExecStartRequest body = ex.request().json(ExecStartRequest.class);
        boolean detach = body != null && body.detach();
        if (!session.claim()) throw ApiException.conflict("Exec " + session.id() + " has already been started");
        ExecCreateRequest r = session.request();
        // Like Docker: take the connection over first, so a command that cannot start is reported
        // in the stream and by its exit code (126/127 in /exec/{id}/json), not as an HTTP error.
        HijackedConnection conn = detach ? null : ex.hijack(StreamFrames.RAW);
        ExecPipes pipes = ExecPipes.open(r.attachStdin() && !detach);
        ExecProcess process;
        try {
            process = engine.containers().exec(session.containerId(),
                    new ExecRequest(r.cmd(), r.env(), r.workingDir(), emptyToNull(r.user()), r.attachStdin(), r.tty()),
                    pipes.childIn(), pipes.childOut(), pipes.childErr(), false, Map.of());
        } catch (RuntimeException e) {
            pipes.close();
            session.exited(ExitStatus.of(e) == ExitStatus.NOT_FOUND ? ExitStatus.NOT_FOUND : ExitStatus.CANNOT_INVOKE);
            if (detach) throw e;
            byte[] message = (e.getMessage() + "\r\n").getBytes(StandardCharsets.UTF_8);
            new StreamFrames(conn.out()).write(StreamFrames.STDERR, message, 0, message.length);
            return;
        }
        // Without a TTY only the process holds the pipes' write ends now; with one, the pty relay
        // writes into them until the process has exited.
        if (!r.tty()) pipes.closeChildEnds();
        session.running(process);
        if (detach) {
            Thread.ofPlatform().daemon().name("exec-detached").start(() -> finish(session, process, pipes, null, r.tty()));
            ex.empty(200);
            return;
        }
        if (pipes.stdinWriter() >= 0) pipes.feedStdin(conn.in());
        finish(session, process, pipes, conn.out(), r.tty());
    }

    /** Pumps output until both pipes end, then records the exit code (before the connection closes). */
    private static void finish(ExecSession session, ExecProcess process, ExecPipes pipes, OutputStream out, boolean tty) {
        int[] code = {-1};
        Thread waiter = Thread.ofPlatform().daemon().name("exec-wait").start(() -> {
            code[0] = process.waitFor();
            if (tty) pipes.closeChildEnds(); // the relay is done: our reads see end of file
        });
        try {
            pipes.pumpOutput(sink(out, tty));
        } finally {
            try {
                waiter.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            session.exited(code[0]);
            pipes.close();
        }
    }

    /** The output as Docker's multiplexed frames; with a TTY raw (one stream); null: discarded. */
    private static ExecPipes.Sink sink(OutputStream out, boolean tty) {
        if (out == null) return null;
        StreamFrames frames = new StreamFrames(out);
        return new ExecPipes.Sink() {
            @Override
            public void write(int stream, byte[] b, int off, int len) throws IOException {
                if (!tty) {
                    frames.write(stream == ExecPipes.STDERR ? StreamFrames.STDERR : StreamFrames.STDOUT, b, off, len);
                    return;
                }
                synchronized (frames) {
                    out.write(b, off, len);
                    out.flush();
                }
            }
        };
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

}
