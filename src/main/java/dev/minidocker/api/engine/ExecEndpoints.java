package dev.minidocker.api.engine;

import dev.minidocker.api.ApiException;
import dev.minidocker.api.ApiExchange;
import dev.minidocker.api.HijackedConnection;
import dev.minidocker.api.Router;
import dev.minidocker.api.StreamFrames;
import dev.minidocker.api.model.ContainerCreateResponse;
import dev.minidocker.api.model.ExecCreateRequest;
import dev.minidocker.api.model.ExecStartRequest;
import dev.minidocker.linux.FileFlags;
import dev.minidocker.linux.LinuxFileSyscalls;
import dev.minidocker.runtime.container.ContainerExec;
import dev.minidocker.runtime.process.RunningContainer;
import dev.minidocker.runtime.process.Stdio;
import dev.minidocker.runtime.spec.CommandNotExecutableException;
import dev.minidocker.runtime.spec.CommandNotFoundException;
import dev.minidocker.state.ContainerState;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code docker exec}: {@code POST /containers/{id}/exec} records what to run, {@code POST
 * /exec/{id}/start} runs it through the lifecycle's {@link ContainerExec} (every namespace and
 * the cgroup of the container) with its stdio on pipes that are pumped into the hijacked
 * connection, and {@code GET /exec/{id}/json} reports the exit code.
 */
final class ExecEndpoints {
    private static final int REMEMBERED = 1000;
    private final EngineContext ctx;
    private final Map<String, ExecSession> sessions = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ExecSession> eldest) {
            return size() > REMEMBERED;
        }
    };

    ExecEndpoints(EngineContext ctx) {
        this.ctx = ctx;
    }

    void register(Router r) {
        r.post("/containers/{id}/exec", this::create);
        r.post("/exec/{id}/start", this::start);
        r.get("/exec/{id}/json", this::inspect);
    }

    private void create(ApiExchange ex) throws IOException {
        String id = ctx.containers().resolve(ex.request().param("id"));
        ExecCreateRequest body = ex.request().json(ExecCreateRequest.class);
        if (body == null || body.cmd() == null || body.cmd().isEmpty()) throw ApiException.badRequest("No exec command specified");
        UnsupportedSettings.checkExec(body.privileged());
        if (!ctx.effectiveState(id).map(ContainerState::isRunning).orElse(false)) {
            throw ApiException.conflict("Container " + id + " is not running");
        }
        ExecSession session = new ExecSession(dev.minidocker.state.ContainerStore.newId(), id, body);
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
        RunningContainer process;
        try {
            process = new ContainerExec(ctx.containers(), ctx.cgroups()).start(session.containerId(),
                    new ContainerExec.Request(r.cmd(), r.env(), r.workingDir(), emptyToNull(r.user()),
                            r.attachStdin(), r.tty()),
                    new Stdio(pipes.childIn(), pipes.childOut(), pipes.childErr(), false), Map.of());
        } catch (RuntimeException e) {
            pipes.close();
            session.exited(e instanceof CommandNotFoundException ? 127 : e instanceof CommandNotExecutableException ? 126 : 126);
            if (detach) throw e;
            byte[] message = (e.getMessage() + "\r\n").getBytes(StandardCharsets.UTF_8);
            new StreamFrames(conn.out()).write(StreamFrames.STDERR, message, 0, message.length);
            return;
        }
        // Without a TTY only the process holds the pipes' write ends now; with one, the pty relay
        // writes into them until the process has exited.
        if (!r.tty()) pipes.closeChildEnds();
        session.running(process.pid());
        if (detach) {
            Thread.ofPlatform().daemon().name("exec-detached").start(() -> finish(session, process, pipes, null, r.tty()));
            ex.empty(200);
            return;
        }
        if (pipes.stdinWriter() >= 0) pipes.feedStdin(conn.in());
        finish(session, process, pipes, conn.out(), r.tty());
    }

    /** Pumps output until both pipes end, then records the exit code (before the connection closes). */
    private static void finish(ExecSession session, RunningContainer process, ExecPipes pipes, OutputStream out, boolean tty) {
        int[] code = {-1};
        Thread waiter = Thread.ofPlatform().daemon().name("exec-wait").start(() -> {
            code[0] = process.waitFor();
            if (tty) pipes.closeChildEnds(); // the relay is done: our reads see end of file
        });
        try {
            pipes.pumpOutput(out, tty);
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

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    static int devNull() {
        return new LinuxFileSyscalls().open("/dev/null", FileFlags.O_RDONLY | FileFlags.O_CLOEXEC, 0);
    }
}
