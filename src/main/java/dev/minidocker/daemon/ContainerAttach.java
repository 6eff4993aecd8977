package dev.minidocker.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import dev.minidocker.MiniDockerException;
import dev.minidocker.api.ApiResponse;
import dev.minidocker.api.DetachKeys;
import dev.minidocker.api.StreamFrames;
import dev.minidocker.api.UnixHttpClient;
import dev.minidocker.engine.container.ContainerService;
import dev.minidocker.json.Json;
import dev.minidocker.linux.SignalForwarder;
import dev.minidocker.linux.TerminalSyscalls;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * The CLI's terminal joined to a container the daemon runs, as {@code docker attach} and
 * {@code docker start -a} do it, over the Engine API (the client side of the daemon's protocol,
 * beside {@link DaemonClient}; the verbs are cli/AttachCommand and cli/StartCommand):
 * <ol>
 * <li>a wait is registered first ({@code POST /containers/{id}/wait}, whose head the daemon sends
 *     once the starting point is taken), so the end of a run that starts now is not missed;
 * <li>{@code POST /containers/{id}/attach} takes a connection over: the container's output comes
 *     back on it (Docker's 8-byte frames, or raw for a TTY container) and, when asked and the
 *     container was made with -i, our input goes to it; our end of input is its end of file;
 * <li>then {@code start} (for start -a), the terminal in raw mode and its size sent (TTY), the
 *     signals we get forwarded as {@code kill} requests (no TTY: a TTY passes ^C as a byte);
 * <li>when the stream ends the container has ended (its exit code, from the wait, is ours) or the
 *     user typed the detach keys (it runs on without us).
 * </ol>
 */
public final class ContainerAttach {
    /** What to join: our input ({@code stdin}), signals ({@code proxySignals}), the detach keys (null: Docker's ctrl-p,ctrl-q). */
    public record Options(boolean stdin, boolean proxySignals, String detachKeys) {}

    private final DaemonClient daemon;
    private final ContainerService containers;
    private final String id;
    private final ContainerService.StreamSetup setup;

    public ContainerAttach(DaemonClient daemon, ContainerService containers, String id) {
        this.daemon = daemon;
        this.containers = containers;
        this.id = id;
        this.setup = containers.streamSetup(id);
    }

    /**
     * Attaches, runs {@code start} (nothing for a running container), streams to the end: the
     * container's exit code, or empty when the detach keys left it running.
     */
    public OptionalInt run(Options options, boolean starting, Runnable start) {
        DetachKeys keys = detachKeys(options.detachKeys());
        // start -a waits for the coming run's end (or, with --rm, the removal Docker's CLI waits for).
        String condition = !starting ? "not-running" : setup.autoRemove() ? "removed" : "next-exit";
        ApiResponse wait = daemon.send("POST", "/containers/" + id + "/wait?condition=" + condition, null);
        try {
            orThrow(wait);
            boolean input = options.stdin() && setup.openStdin();
            AtomicBoolean detached = new AtomicBoolean();
            try (UnixHttpClient.Hijacked stream = daemon.hijack("POST", attachPath(input, options.detachKeys()), null)) {
                byte[] savedTerminal = setup.tty() && input && TerminalSyscalls.isatty(0) ? TerminalSyscalls.makeRaw(0) : null;
                Thread restore = savedTerminal == null ? null : new Thread(() -> TerminalSyscalls.restore(0, savedTerminal));
                if (restore != null) Runtime.getRuntime().addShutdownHook(restore);
                SignalForwarder signals = null;
                SignalHandler previousWinch = null;
                try {
                    start.run();
                    if (setup.tty()) previousWinch = followWindowSize();
                    else if (options.proxySignals()) signals = SignalForwarder.install(this::kill);
                    if (input) startInput(stream, keys, detached);
                    copyOutput(stream.in());
                } finally {
                    if (signals != null) signals.uninstall();
                    if (previousWinch != null) Signal.handle(new Signal("WINCH"), previousWinch);
                    if (restore != null) {
                        TerminalSyscalls.restore(0, savedTerminal);
                        Runtime.getRuntime().removeShutdownHook(restore);
                    }
                }
            } catch (IOException e) {
                throw new MiniDockerException("the attach stream of " + shortId() + " broke: " + e.getMessage(), e);
            }
            if (detached.get()) return OptionalInt.empty();
            return OptionalInt.of(exitCode(wait));
        } finally {
            wait.close();
        }
    }

    private String attachPath(boolean input, String detachKeys) {
        String path = "/containers/" + id + "/attach?stream=1&stdout=1&stderr=1" + (input ? "&stdin=1" : "");
        return detachKeys == null ? path : path + "&detachKeys=" + URLEncoder.encode(detachKeys, StandardCharsets.UTF_8);
    }

    /** The container's output to ours until the daemon ends the stream: raw for a TTY, else frame by frame. */
    private void copyOutput(InputStream in) throws IOException {
        PrintStream out = System.out, err = System.err;
        if (setup.tty()) {
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
                out.flush();
            }
            return;
        }
        while (true) {
            StreamFrames.Frame frame = StreamFrames.read(in);
            if (frame == null) return;
            PrintStream to = frame.stream() == StreamFrames.STDERR ? err : out;
            to.write(frame.data(), 0, frame.data().length);
            to.flush();
        }
    }

    private static DetachKeys detachKeys(String spec) {
        try {
            return DetachKeys.parse(spec);
        } catch (IllegalArgumentException e) {
            throw new MiniDockerException(e.getMessage(), e);
        }
    }

    /**
     * Our input to the container's, on a thread of its own; at our end of file, the container's.
     * The daemon acts on the detach keys; we watch for them too, so that the stream's end that
     * follows is known for a detach (the flag is set before the bytes that complete them go).
     */
    private static void startInput(UnixHttpClient.Hijacked stream, DetachKeys keys, AtomicBoolean detached) {
        Thread.ofPlatform().daemon().name("minidocker-attach-in").start(() -> {
            byte[] buf = new byte[8192];
            ByteArrayOutputStream ignored = new ByteArrayOutputStream();
            try {
                InputStream in = System.in;
                OutputStream to = stream.out();
                for (int n; (n = in.read(buf)) > 0; ) {
                    ignored.reset();
                    boolean detach = keys.scan(buf, n, ignored);
                    if (detach) detached.set(true);
                    to.write(buf, 0, n);
                    to.flush();
                    if (detach) return; // the daemon ends the stream; the container's input stays open
                }
                stream.closeOutput();
            } catch (IOException streamClosed) {
                // the container ended or we detached: nothing more to send
            }
        });
    }

    /** Sends our terminal's size now and on each SIGWINCH; returns the handler it replaced. */
    private SignalHandler followWindowSize() {
        sendWindowSize();
        try {
            return Signal.handle(new Signal("WINCH"), s -> sendWindowSize());
        } catch (IllegalArgumentException unavailable) {
            return null; // the size stays as it was at start
        }
    }

    private void sendWindowSize() {
        int[] size = TerminalSyscalls.windowSize(1);
        if (size == null) size = TerminalSyscalls.windowSize(0);
        if (size == null || size[0] == 0) return;
        try {
            daemon.call("POST", "/containers/" + id + "/resize?h=" + size[0] + "&w=" + size[1], null);
        } catch (MiniDockerException ended) {
            // it ended meanwhile: nothing to resize
        }
    }

    private void kill(int signal) {
        try {
            daemon.call("POST", "/containers/" + id + "/kill?signal=" + signal, null);
        } catch (MiniDockerException ended) {
            // it ended meanwhile
        }
    }

    private int exitCode(ApiResponse wait) {
        try {
            JsonNode answer = Json.MAPPER.readTree(wait.body());
            JsonNode error = answer.path("Error").path("Message");
            if (error.isTextual() && !error.asText().isEmpty()) throw new MiniDockerException(error.asText());
            return answer.path("StatusCode").asInt();
        } catch (IOException e) {
            throw new MiniDockerException("the daemon did not say how " + shortId() + " ended: " + e.getMessage(), e);
        }
    }

    private static void orThrow(ApiResponse response) {
        try {
            response.orThrow();
        } catch (IOException e) {
            throw new MiniDockerException(e.getMessage(), e);
        }
    }

    private String shortId() {
        return id.substring(0, Math.min(12, id.length()));
    }
}
