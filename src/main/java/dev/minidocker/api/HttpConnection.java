package dev.minidocker.api;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;

/**
 * One client connection, on a virtual thread: head, body, handler, answer, repeated while the
 * client keeps the connection alive. The head and a buffered body are read here, under the
 * limits and timeouts of {@link HttpLimits}, so an idle or slow client costs a parked virtual
 * thread and nothing more. The handler runs on a platform thread: handlers block in FFM downcalls
 * (waitpid, poll on a pidfd, a container's whole run), and a native call pins a virtual thread's
 * carrier; with one carrier per core, two such waits would stall every other connection.
 * A handler's failure becomes Docker's JSON error if nothing was sent yet; otherwise the
 * connection is closed, which is all HTTP allows once a body has started.
 */
final class HttpConnection implements Runnable {
    private static final int BUFFER = 8 * 1024;
    private static final long LINGER_BYTES = 1024 * 1024;

    /** What happens to the connection after a request. */
    private enum Next { KEEP_ALIVE, CLOSE, LINGER }

    private final SocketChannel channel;
    private final Router router;
    private final Map<String, String> commonHeaders;
    private final HttpLimits limits;
    private final ReadDeadlines deadlines;
    private final ExecutorService handlers;
    private final TimedChannelInput timed;
    private final InputStream in;
    private final OutputStream out;
    private boolean unix;
    private java.nio.file.attribute.UserPrincipal peer;

    HttpConnection(SocketChannel channel, Router router, Map<String, String> commonHeaders, HttpLimits limits,
                   ReadDeadlines deadlines, ExecutorService handlers) {
        this.channel = channel;
        this.router = router;
        this.commonHeaders = commonHeaders;
        this.limits = limits;
        this.deadlines = deadlines;
        this.handlers = handlers;
        this.timed = new TimedChannelInput(channel, limits);
        this.in = new BufferedInputStream(timed, BUFFER);
        this.out = new BufferedOutputStream(new ChannelOutput(channel), BUFFER);
    }

    @Override
    public void run() {
        deadlines.watch(timed);
        try (SocketChannel ch = channel) {
            unix = ch.getLocalAddress() instanceof UnixDomainSocketAddress;
            if (unix) peer = peerOf(ch);
            Next next;
            do {
                next = serveOne();
            } while (next == Next.KEEP_ALIVE);
            if (next == Next.LINGER) lingerThenClose();
        } catch (IOException | RejectedExecutionException e) {
            // the client went away, a read timed out, or the server is closing: nothing to answer
        } finally {
            deadlines.unwatch(timed);
        }
    }

    private Next serveOne() throws IOException {
        timed.awaitRequest(in.available() > 0);
        RequestHead head;
        try {
            head = RequestParser.read(in, limits);
        } catch (ApiException e) {
            refuse(null, e.status(), e.getMessage());
            return Next.LINGER;
        }
        if (head == null) return Next.CLOSE;
        timed.readingBody();
        RequestBody body = new RequestBody(head, in, out);
        Router.Match match;
        try {
            checkVersion(head.apiVersion());
            match = router.match(head.method(), head.path());
        } catch (ApiException e) {
            boolean reusable = body.finish(limits.drainBytes()) && head.keepAlive();
            if (!reusable) return refuse(head, e.status(), e.getMessage());
            exchange(head.toRequest(InputStream.nullInputStream(), Map.of())).json(e.status(), new ErrorResponse(e.getMessage()));
            return Next.KEEP_ALIVE;
        }
        BodyLimit limit = match.bodyLimit() != null ? match.bodyLimit() : BodyLimit.buffered(limits.maxBufferedBody());
        InputStream stream;
        try {
            stream = body.open(limit.maxBytes());
            if (!limit.streamed()) stream = head.hasBody() ? new ByteArrayInputStream(stream.readAllBytes()) : InputStream.nullInputStream();
        } catch (BadBodyException e) {
            return refuse(head, e.status(), e.getMessage());
        }
        ApiRequest request = head.toRequest(stream, match.params());
        return onPlatformThread(handlers.submit(() -> handle(head, request, match.handler(), body)));
    }

    /** Runs on a handler thread; answers the handler's failure if it had not started answering. */
    private Next handle(RequestHead head, ApiRequest request, Handler handler, RequestBody body) throws IOException {
        ApiExchange exchange = exchange(request);
        try {
            handler.handle(exchange);
            if (exchange.hijacked()) return Next.CLOSE;
            if (!exchange.started()) exchange.empty(204);
            exchange.finish();
        } catch (BadBodyException e) {
            if (exchange.started()) return Next.CLOSE;
            exchange.header("Connection", "close").json(e.status(), new ErrorResponse(e.getMessage()));
            return Next.LINGER;
        } catch (RuntimeException e) {
            int status = ApiErrors.status(e);
            if (status == 500) {
                System.err.println("mini-docker daemon: " + request.method() + " " + request.path() + ": " + e);
                if (!(e instanceof dev.minidocker.MiniDockerException)) e.printStackTrace();
            }
            if (exchange.started()) return Next.CLOSE;
            // A refused upgrade ends the connection: the client expected to own it, not to reuse it.
            boolean reusable = !request.wantsUpgrade() && body.finish(limits.drainBytes()) && head.keepAlive();
            if (!reusable) exchange.header("Connection", "close");
            exchange.json(status, new ErrorResponse(ApiErrors.message(e)));
            return reusable ? Next.KEEP_ALIVE : body.unread() ? Next.LINGER : Next.CLOSE;
        }
        if (body.finish(limits.drainBytes()) && head.keepAlive()) return Next.KEEP_ALIVE;
        return body.unread() ? Next.LINGER : Next.CLOSE;
    }

    private Next onPlatformThread(Future<Next> handled) throws IOException {
        try {
            return handled.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            if (e.getCause() instanceof RuntimeException re) throw re;
            if (e.getCause() instanceof Error err) throw err;
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            handled.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("server closing");
        }
    }

    /** Docker's rule: a client may ask for an older API version than the server's, never a newer one. */
    private void checkVersion(String requested) {
        String max = commonHeaders.get("Api-Version");
        if (requested == null || max == null || ApiVersion.compare(requested, max) <= 0) return;
        throw ApiException.badRequest("client version " + requested
                + " is too new. Maximum supported API version is " + max);
    }

    private ApiExchange exchange(ApiRequest request) {
        return new ApiExchange(request, in, out, commonHeaders, unix, timed::untimed, peer);
    }

    /** SO_PEERCRED's user; null if the kernel or the JDK cannot tell (then nothing is taken on the peer's word). */
    private static java.nio.file.attribute.UserPrincipal peerOf(SocketChannel ch) {
        try {
            return ch.getOption(jdk.net.ExtendedSocketOptions.SO_PEERCRED).user();
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /** Answers a request the server will not serve, and ends the connection: its rest cannot be trusted. */
    private Next refuse(RequestHead head, int status, String message) throws IOException {
        ApiRequest request = head != null ? head.toRequest(InputStream.nullInputStream(), Map.of())
                : new ApiRequest("GET", "/", null, Map.of(), Map.of(), InputStream.nullInputStream(), Map.of());
        exchange(request).header("Connection", "close").json(status, new ErrorResponse(message));
        return Next.LINGER;
    }

    /**
     * Closes after an answer while the client may still be sending: our side is shut first and
     * what arrives is read and dropped for a moment, so the client reads the answer instead of
     * a reset (TCP discards unread data on a reset).
     */
    private void lingerThenClose() {
        try {
            out.flush();
            channel.shutdownOutput();
            timed.linger();
            byte[] sink = new byte[BUFFER];
            long read = 0;
            for (int n; read < LINGER_BYTES && (n = in.read(sink)) != -1; ) read += n;
        } catch (IOException e) {
            // closing anyway
        }
    }
}
