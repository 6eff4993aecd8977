package dev.minidocker.image.registry;

import dev.minidocker.image.Digest;
import dev.minidocker.image.ImageReference;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * An upload session: POST /v2/&lt;repo&gt;/blobs/uploads/ opens it (or a refused mount did), then
 * either one monolithic PUT ?digest= with the whole blob (small blobs), or PATCH chunks with
 * Content-Range, each answered with the next Location, and a final empty PUT ?digest=. The body
 * always streams from {@link BlobContent}; nothing is held in memory.
 */
final class BlobUploader {
    /** Blobs up to this size go in one PUT. */
    static final long MONOLITHIC_MAX = 8L << 20;
    /**
     * PATCH chunk size (raised to a registry's OCI-Chunk-Min-Length when it asks for more): a layer
     * streamed as it is compressed holds about two of them in memory (see store/StreamedBlob).
     */
    static final long CHUNK = 8L << 20;

    private final RegistryHttp http;
    private final long chunkSize;

    BlobUploader(RegistryHttp http, long chunkSize) {
        this.http = http;
        this.chunkSize = chunkSize;
    }

    /** @param location an open session's Location, or null to open one */
    void upload(ImageReference repo, Digest digest, BlobContent content, String location, String scope,
                LongConsumer progress) {
        String what = "upload of blob " + digest.shortHex();
        String uploads = "/v2/" + repo.repository() + "/blobs/uploads/";
        long chunk = chunkSize;
        if (location == null) {
            try (RegistryResponse r = http.send(repo.registry(), "POST", uploads, scope, Map.of(), null, what, true)) {
                if (r.status() != 202) throw PushFailures.of(repo, r, "POST " + uploads);
                location = requireLocation(repo, r, "POST " + uploads);
                String min = r.header("OCI-Chunk-Min-Length");
                if (min != null && min.trim().matches("[0-9]{1,15}")) chunk = Math.max(chunk, Long.parseLong(min.trim()));
            }
        }
        long size = content.size();
        if (size <= MONOLITHIC_MAX) {
            put(repo, digest, location, body(content, 0, size, progress), size, scope, what);
            return;
        }
        for (long offset = 0; offset < size; offset += chunk) {
            long len = Math.min(chunk, size - offset);
            Map<String, String> headers = Map.of("Content-Type", "application/octet-stream",
                    "Content-Range", offset + "-" + (offset + len - 1));
            try (RegistryResponse r = http.send(repo.registry(), "PATCH", location, scope, headers,
                    body(content, offset, len, progress), what, false)) {
                if (r.status() != 202) throw PushFailures.of(repo, r, "PATCH " + uploads + "... (bytes " + headers.get("Content-Range") + ")");
                location = requireLocation(repo, r, "PATCH " + uploads);
            }
        }
        put(repo, digest, location, null, 0, scope, what);
    }

    /**
     * Uploads a blob while it is being written: PATCH chunks as they fill, the rest once it is
     * complete, then PUT ?digest=; a blob complete and small before the first chunk fills goes in
     * one PUT. Returns the digest it was stored under.
     */
    Digest uploadGrowing(ImageReference repo, GrowingBlobContent content, String location, String scope,
                         LongConsumer progress) throws java.io.IOException {
        String uploads = "/v2/" + repo.repository() + "/blobs/uploads/";
        long chunk = chunkSize;
        if (location == null) {
            try (RegistryResponse r = http.send(repo.registry(), "POST", uploads, scope, Map.of(), null, "blob upload", true)) {
                if (r.status() != 202) throw PushFailures.of(repo, r, "POST " + uploads);
                location = requireLocation(repo, r, "POST " + uploads);
                String min = r.header("OCI-Chunk-Min-Length");
                if (min != null && min.trim().matches("[0-9]{1,15}")) chunk = Math.max(chunk, Long.parseLong(min.trim()));
            }
        }
        long offset = 0;
        while (true) {
            long available = content.await(offset + Math.max(chunk, offset == 0 ? MONOLITHIC_MAX + 1 : 0));
            boolean complete = content.isComplete();
            if (offset == 0 && complete && available <= MONOLITHIC_MAX) {
                Digest digest = content.digest();
                put(repo, digest, location, body(content, 0, available, progress), available, scope, "upload of blob " + digest.shortHex());
                return digest;
            }
            long len = Math.min(chunk, available - offset);
            if (len <= 0 && complete) break;
            if (len < chunk && !complete) continue;   // woken early: wait for a full chunk
            Map<String, String> headers = Map.of("Content-Type", "application/octet-stream",
                    "Content-Range", offset + "-" + (offset + len - 1));
            try (RegistryResponse r = http.send(repo.registry(), "PATCH", location, scope, headers,
                    body(content, offset, len, progress), "blob upload", false)) {
                if (r.status() != 202) throw PushFailures.of(repo, r, "PATCH " + uploads + "... (bytes " + headers.get("Content-Range") + ")");
                location = requireLocation(repo, r, "PATCH " + uploads);
            }
            offset += len;
            content.sent(offset);
        }
        Digest digest = content.digest();
        put(repo, digest, location, null, 0, scope, "upload of blob " + digest.shortHex());
        return digest;
    }

    private void put(ImageReference repo, Digest digest, String location, Supplier<HttpRequest.BodyPublisher> body,
                     long size, String scope, String what) {
        String target = location + (location.contains("?") ? "&" : "?") + "digest="
                + URLEncoder.encode(digest.toString(), StandardCharsets.UTF_8);
        Map<String, String> headers = Map.of("Content-Type", "application/octet-stream");
        try (RegistryResponse r = http.send(repo.registry(), "PUT", target, scope, headers, body, what, false)) {
            if (r.status() != 201) throw PushFailures.of(repo, r, "PUT /v2/" + repo.repository() + "/blobs/uploads/...?digest=");
            String confirmed = r.header("Docker-Content-Digest");
            if (confirmed != null && !confirmed.trim().equals(digest.toString())) {
                throw new DigestMismatchException("registry " + repo.registry() + " stored blob " + digest.shortHex()
                        + " as " + confirmed.trim() + ": the upload was damaged");
            }
        }
    }

    private static String requireLocation(ImageReference repo, RegistryResponse r, String requestLine) {
        String location = r.header("Location");
        if (location == null || location.isBlank()) {
            throw new RegistryException("registry " + repo.registry() + " answered " + requestLine + " without a Location");
        }
        return location;
    }

    private static Supplier<HttpRequest.BodyPublisher> body(GrowingBlobContent content, long offset, long length,
                                                            LongConsumer progress) {
        return body(new BlobContent() {
            @Override
            public long size() {
                return offset + length;
            }

            @Override
            public InputStream open(long o, long l) throws IOException {
                return content.open(o, l);
            }
        }, offset, length, progress);
    }

    /** A body of exactly {@code length} bytes from {@code offset}, opened anew for each attempt. */
    private static Supplier<HttpRequest.BodyPublisher> body(BlobContent content, long offset, long length,
                                                            LongConsumer progress) {
        return () -> HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> {
            try {
                return new CountingStream(content.open(offset, length), offset, progress);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }), length);
    }

    /** Reports the blob offset reached as the HTTP client reads the body. */
    private static final class CountingStream extends java.io.FilterInputStream {
        private long position;
        private final LongConsumer progress;

        CountingStream(InputStream in, long start, LongConsumer progress) {
            super(in);
            this.position = start;
            this.progress = progress;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                position += n;
                progress.accept(position);
            }
            return n;
        }
    }
}
