package dev.minidocker.api;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.util.Map;

/**
 * One client connection: request, handler, response, repeated while the client keeps the
 * connection alive. A handler's failure becomes Docker's JSON error if nothing was sent yet;
 * otherwise the connection is closed, which is all HTTP allows once a body has started.
 */
final class HttpConnection implements Runnable {
    private final SocketChannel channel;
    private final Router router;
    private final Map<String, String> commonHeaders;

    HttpConnection(SocketChannel channel, Router router, Map<String, String> commonHeaders) {
        this.channel = channel;
        this.router = router;
        this.commonHeaders = commonHeaders;
    }

    @Override
    public void run() {
        try (SocketChannel ch = channel) {
            InputStream in = new BufferedInputStream(Channels.newInputStream(ch), 16 * 1024);
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 16 * 1024);
            while (serveOne(in, out)) {
                // keep-alive: next request on the same connection
            }
        } catch (IOException e) {
            // the client went away; nothing to answer
        }
    }

    /** Docker's rule: a client may ask for an older API version than the server's, never a newer one. */
    private void checkVersion(String requested) {
        String max = commonHeaders.get("Api-Version");
        if (requested == null || max == null || ApiVersion.compare(requested, max) <= 0) return;
        throw ApiException.badRequest("client version " + requested
                + " is too new. Maximum supported API version is " + max);
    }

    /** Serves one request; false when the connection must close afterwards. */
    private boolean serveOne(InputStream in, OutputStream out) throws IOException {
        ApiRequest request;
        try {
            request = RequestParser.read(in);
        } catch (ApiException e) {
            ApiExchange ex = new ApiExchange(new ApiRequest("GET", "/", null, Map.of(), Map.of(),
                    InputStream.nullInputStream(), Map.of()), in, out, commonHeaders);
            ex.header("Connection", "close").json(e.status(), new ErrorResponse(e.getMessage()));
            return false;
        }
        if (request == null) return false;
        boolean unix = channel.getLocalAddress() instanceof java.net.UnixDomainSocketAddress;
        ApiExchange exchange = new ApiExchange(request, in, out, commonHeaders, unix);
        try {
            checkVersion(request.apiVersion());
            Router.Match match = router.match(request.method(), request.path());
            exchange = new ApiExchange(request.withParams(match.params()), in, out, commonHeaders, unix);
            match.handler().handle(exchange);
            if (exchange.hijacked()) return false;
            if (!exchange.started()) exchange.empty(204);
            exchange.finish();
        } catch (IOException e) {
            throw e; // the connection itself failed
        } catch (RuntimeException e) {
            int status = ApiErrors.status(e);
            if (status == 500) {
                System.err.println("mini-docker daemon: " + request.method() + " " + request.path() + ": " + e);
                if (!(e instanceof dev.minidocker.MiniDockerException)) e.printStackTrace();
            }
            if (exchange.started()) return false;
            // A refused upgrade ends the connection: the client expected to own it, not to reuse it.
            if (request.wantsUpgrade()) exchange.header("Connection", "close");
            exchange.json(status, new ErrorResponse(ApiErrors.message(e)));
            if (request.wantsUpgrade()) return false;
        }
        request.body().transferTo(OutputStream.nullOutputStream()); // unread body: skip to the next request
        return !"close".equalsIgnoreCase(request.header("connection"));
    }
}
