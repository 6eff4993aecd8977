package dev.minidocker.api.engine;

import dev.minidocker.api.ApiException;
import dev.minidocker.api.ApiExchange;
import dev.minidocker.api.BodyLimit;
import dev.minidocker.api.HijackedConnection;
import dev.minidocker.api.Router;
import dev.minidocker.api.model.ClientRunRequest;
import dev.minidocker.cli.DaemonRun;
import dev.minidocker.linux.Errno;
import dev.minidocker.linux.FdOutputStream;
import dev.minidocker.linux.FileFlags;
import dev.minidocker.linux.PidFd;
import dev.minidocker.linux.ProcessSyscalls;
import dev.minidocker.linux.SyscallException;
import dev.minidocker.runtime.process.PooledStage2Source;
import dev.minidocker.runtime.process.Stdio;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * {@code POST /minidocker/run}: a foreground run for a client of this daemon, as run-protocol.md
 * fixes it. UNIX socket only. The client's stdio is taken with pidfd_getfd, the connection is
 * upgraded to a line stream ({@code signal N} in; one {@code exit N} or {@code error CODE MESSAGE}
 * out), and the container runs on this connection's thread with a warm stage 2 when one fits.
 * The client's EOF before the end kills the container; cleanup is that of any failed run.
 */
final class ClientRunEndpoint {
    static final String PROTOCOL = "minidocker-run";
    /**
     * The client's argv and environment: together at most ARG_MAX (2 MiB on Linux), more once
     * escaped as JSON; above the server's default for JSON bodies.
     */
    static final BodyLimit BODY_LIMIT = BodyLimit.buffered(8L * 1024 * 1024);
    private final EngineContext ctx;

    ClientRunEndpoint(EngineContext ctx) {
        this.ctx = ctx;
    }

    void register(Router router) {
        router.post("/minidocker/run", BODY_LIMIT, this::run);
    }

    private void run(ApiExchange ex) throws IOException {
        if (!ex.overUnixSocket()) throw new ApiException(403, "/minidocker/run is served on the daemon's UNIX socket only");
        ClientRunRequest body = ex.request().json(ClientRunRequest.class);
        DaemonRun.Caller caller = caller(body);
        int[] stdio = takeStdio(body.pid());
        try {
            HijackedConnection conn = ex.upgrade(PROTOCOL);
            PooledStage2Source stage2 = new PooledStage2Source(ctx.stage2Pool(), Stdio.of(stdio[0], stdio[1], stdio[2]));
            ClientLines lines = new ClientLines(conn, stage2);
            lines.start();
            DaemonRun.Outcome outcome = DaemonRun.run(ctx.runServices(), caller, stage2,
                    new PrintStream(new FdOutputStream(stdio[1]), true), new PrintStream(new FdOutputStream(stdio[2]), true));
            lines.finish();
            String last = outcome.error() == null ? "exit " + outcome.code()
                    : "error " + outcome.code() + " " + outcome.error().replace('\n', ' ');
            try {
                conn.out().write((last + "\n").getBytes(StandardCharsets.UTF_8));
                conn.out().flush();
            } catch (IOException gone) {
                // the client went away; the run is over anyway
            }
        } finally {
            for (int fd : stdio) ProcessSyscalls.close(fd);
        }
    }

    private static DaemonRun.Caller caller(ClientRunRequest body) {
        if (body == null) throw ApiException.badRequest("a JSON body is required");
        if (body.verb() == null || !DaemonRun.VERBS.contains(body.verb())) {
            throw ApiException.badRequest("verb must be one of " + DaemonRun.VERBS + ", not " + body.verb());
        }
        if (body.pid() <= 0) throw ApiException.badRequest("pid must be the client's pid");
        if (body.cwd() == null || !body.cwd().startsWith("/")) throw ApiException.badRequest("cwd must be an absolute path");
        Map<String, String> env = new HashMap<>();
        for (String e : body.env() == null ? List.<String>of() : body.env()) {
            int eq = e.indexOf('=');
            if (eq > 0) env.put(e.substring(0, eq), e.substring(eq + 1));
        }
        return new DaemonRun.Caller(body.verb(), body.args() == null ? List.of() : body.args(), env, Path.of(body.cwd()));
    }

    /** The client's 0, 1, 2 (a closed one: /dev/null), as close-on-exec copies owned by the caller. */
    private static int[] takeStdio(long pid) {
        OptionalInt pidfd = PidFd.open(pid, 0);
        if (pidfd.isEmpty()) throw ApiException.badRequest("no process " + pid + ": the client is gone");
        int[] fds = {-1, -1, -1};
        try {
            for (int i = 0; i < 3; i++) {
                try {
                    fds[i] = PidFd.getFd(pidfd.getAsInt(), i);
                } catch (SyscallException e) {
                    if (e.errno() != Errno.EBADF) throw e;
                    fds[i] = ProcessSyscalls.open("/dev/null", FileFlags.O_RDWR | ProcessSyscalls.O_CLOEXEC);
                }
            }
            return fds;
        } catch (RuntimeException e) {
            for (int fd : fds) ProcessSyscalls.close(fd);
            throw e;
        } finally {
            ProcessSyscalls.close(pidfd.getAsInt());
        }
    }

    /** Reads the client's lines: {@code signal N} goes to PID 1; EOF before the end cancels the run. */
    private static final class ClientLines extends Thread {
        private final HijackedConnection conn;
        private final PooledStage2Source stage2;
        private volatile boolean finished;

        ClientLines(HijackedConnection conn, PooledStage2Source stage2) {
            super(null, null, "minidocker-run-client", 64 * 1024);
            setDaemon(true);
            this.conn = conn;
            this.stage2 = stage2;
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
                            if (signal > 0 && signal < 65 && !finished) stage2.signal(signal);
                        } catch (NumberFormatException ignored) {
                            // not a signal number: ignored, like any unknown line
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the connection failed or was closed: the same as EOF
            }
            if (!finished) stage2.cancel();
        }
    }
}
