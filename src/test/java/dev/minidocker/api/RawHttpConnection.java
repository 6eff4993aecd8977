package dev.minidocker.api;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A client connection that sends exactly the bytes a test gives, broken ones included, and reads
 * answers with a bound on the wait (a UNIX socket channel has no read timeout of its own).
 */
final class RawHttpConnection implements AutoCloseable {
    /** One answer: status, headers (lower-case names) and its Content-Length body. */
    record Response(int status, Map<String, String> headers, String body) {}

    private final SocketChannel channel;
    private final InputStream in;
    private final OutputStream out;
    private final ExecutorService reader = Executors.newSingleThreadExecutor(Thread.ofVirtual().factory());

    RawHttpConnection(Path socket) throws IOException {
        this(SocketChannel.open(UnixDomainSocketAddress.of(socket)));
    }

    /** Over a connected channel (another thread may write to it; this one only reads then). */
    RawHttpConnection(SocketChannel channel) {
        this.channel = channel;
        in = new BufferedInputStream(Channels.newInputStream(channel));
        out = Channels.newOutputStream(channel);
    }

    RawHttpConnection send(String ascii) throws IOException {
        return send(ascii.getBytes(StandardCharsets.ISO_8859_1));
    }

    RawHttpConnection send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** The next answer, waiting at most {@code timeout}. */
    Response response(Duration timeout) throws Exception {
        return bounded(timeout, this::readResponse);
    }

    /** True when the server closes the connection within {@code timeout} (what it sends before is dropped). */
    boolean closedWithin(Duration timeout) throws Exception {
        return readToEnd(timeout) != null;
    }

    /** What the server sends until it closes the connection, or null if it does not close it within {@code timeout}. */
    String readToEnd(Duration timeout) throws Exception {
        try {
            return bounded(timeout, () -> {
                java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
                byte[] buf = new byte[8192];
                try {
                    for (int n; (n = in.read(buf)) != -1; ) got.write(buf, 0, n);
                } catch (IOException reset) {
                    // a reset is a close too
                }
                return got.toString(StandardCharsets.ISO_8859_1);
            });
        } catch (TimeoutException e) {
            return null;
        }
    }

    private <T> T bounded(Duration timeout, java.util.concurrent.Callable<T> read) throws Exception {
        Future<T> f = reader.submit(read);
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) throw cause;
            throw e;
        } catch (TimeoutException e) {
            channel.close(); // unblocks the read; this connection is done
            f.cancel(true);
            throw e;
        }
    }

    private Response readResponse() throws IOException {
        String status = HttpLines.readLine(in);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = HttpLines.readLine(in); !line.isEmpty(); line = HttpLines.readLine(in)) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        int code = Integer.parseInt(status.split(" ")[1]);
        String length = headers.get("content-length");
        String body = length == null ? "" : new String(in.readNBytes(Integer.parseInt(length)), StandardCharsets.UTF_8);
        return new Response(code, headers, body);
    }

    @Override
    public void close() throws IOException {
        reader.shutdownNow();
        channel.close();
    }
}
