package dev.minidocker.api.engine;

import dev.minidocker.api.ApiException;
import dev.minidocker.api.ApiExchange;
import dev.minidocker.api.BodyLimit;
import dev.minidocker.api.HijackedConnection;
import dev.minidocker.api.Router;
import dev.minidocker.api.model.ClientRunRequest;
import dev.minidocker.engine.Engine;
import dev.minidocker.engine.container.ClientPeer;
import dev.minidocker.engine.container.ClientRun;
import dev.minidocker.engine.container.RunRequest;
import dev.minidocker.engine.container.RunRequestJson;
import dev.minidocker.json.Json;
import dev.minidocker.json.JsonWriter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /minidocker/runs}: a foreground run for a client of this daemon (cli/RemoteRun).
 * UNIX socket only. The body is the client's typed run request (parsed once, by the client) and its
 * pid, working directory and environment; the client's stdio is taken with pidfd_getfd, the
 * connection is upgraded to a line stream ({@code signal N} in; one {@code exit N} or
 * {@code error CODE MESSAGE} out), and the container runs on this connection's thread with a warm
 * stage 2 when one fits. The client's EOF before the end kills the container; cleanup is that of
 * any failed run. (A daemon from before typed requests served {@code /minidocker/run} with argv: a
 * client of either kind meets a 404 at the other and runs in its own process.)
 */
final class ClientRunEndpoint {
    static final String PROTOCOL = "minidocker-run";
    /**
     * The client's argv and environment: together at most ARG_MAX (2 MiB on Linux), more once
     * escaped as JSON; above the server's default for JSON bodies.
     */
    static final BodyLimit BODY_LIMIT = BodyLimit.buffered(8L * 1024 * 1024);
    static final String PATH = "/minidocker/runs";
    private final Engine engine;

    ClientRunEndpoint(Engine engine) {
        this.engine = engine;
    }

    void register(Router router) {
        router.post(PATH, BODY_LIMIT, this::run);
    }

    private void run(ApiExchange ex) throws IOException {
        if (!ex.overUnixSocket()) throw new ApiException(403, PATH + " is served on the daemon's UNIX socket only");
        ClientRunRequest body = ex.request().json(ClientRunRequest.class);
        RunRequest request = request(body);
        Map<String, String> env = env(body);
        ClientRun run;
        try {
            run = engine.containers().clientRun(body.pid(), ex.peer());
        } catch (ClientRun.ClientGoneException e) {
            throw ApiException.badRequest(e.getMessage());
        } catch (ClientPeer.NotTheCallersException e) {
            throw new ApiException(403, e.getMessage());
        }
        try (run) {
            HijackedConnection conn = ex.upgrade(PROTOCOL);
            ClientLines lines = new ClientLines(conn, run);
            lines.start();
            ClientRun.Outcome outcome = run.run(request, env);
            lines.finish();
            String last = outcome.error() == null ? "exit " + outcome.code()
                    : "error " + outcome.code() + " " + outcome.error().replace('\n', ' ');
            try {
                conn.out().write((last + "\n").getBytes(StandardCharsets.UTF_8));
                conn.out().flush();
            } catch (IOException gone) {
                // the client went away; the run is over anyway
            }
        }
    }

    /**
     * Parses a sample request as {@link #run} does: Jackson builds its readers of the body and of
     * RunRequest on first use (~75 ms, interpreted), which the daemon does at start so that the
     * first client's run does not wait for it.
     */
    static void rehearse() throws IOException {
        RunRequest sample = new RunRequest.Builder().image("busybox").command(List.of("true")).build();
        JsonWriter w = new JsonWriter();
        w.beginObject().name("pid").value(1L).name("cwd").value("/").name("env").beginArray().value("A=b").endArray();
        w.name("request");
        RunRequestJson.write(w, sample);
        w.endObject();
        request(Json.MAPPER.readValue(w.toBytes(), ClientRunRequest.class));
    }

    private static RunRequest request(ClientRunRequest body) {
        if (body == null) throw ApiException.badRequest("a JSON body is required");
        if (body.pid() <= 0) throw ApiException.badRequest("pid must be the client's pid");
        if (body.cwd() == null || !body.cwd().startsWith("/")) throw ApiException.badRequest("cwd must be an absolute path");
        if (body.request() == null || !body.request().isObject()) throw ApiException.badRequest("request must be a run request");
        try {
            return Json.MAPPER.treeToValue(body.request(), RunRequest.class);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw ApiException.badRequest("invalid run request: " + e.getOriginalMessage());
        }
    }

    private static Map<String, String> env(ClientRunRequest body) {
        Map<String, String> env = new HashMap<>();
        for (String e : body.env() == null ? List.<String>of() : body.env()) {
            int eq = e.indexOf('=');
            if (eq > 0) env.put(e.substring(0, eq), e.substring(eq + 1));
        }
        return env;
    }

    /** Reads the client's lines: {@code signal N} goes to PID 1; EOF before the end cancels the run. */
    private static final class ClientLines extends Thread {
        private final HijackedConnection conn;
        private final ClientRun run;
        private volatile boolean finished;

        ClientLines(HijackedConnection conn, ClientRun run) {
            super(null, null, "minidocker-run-client", 64 * 1024);
            setDaemon(true);
            this.conn = conn;
            this.run = run;
        }

        void finish() {
            finished = true;
        }

        @Override
        public void run() {
            try {
                BufferedReader in = new BufferedReader(new InputStreamReader(conn.in(), StandardCharsets.UTF_8));
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.startsWith("signal ")) {
                        try {
                            int signal = Integer.parseInt(line.substring("signal ".length()).trim());
                            if (signal > 0 && signal < 65 && !finished) run.signal(signal);
                        } catch (NumberFormatException ignored) {
                            // not a signal number: ignored, like any unknown line
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the connection failed or was closed: the same as EOF
            }
            if (!finished) run.cancel();
        }
    }
}
