package dev.minidocker.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A throwaway registry on 127.0.0.1 for {@link RegistryAotTraining}, over plain HTTP, so that a
 * real pull and a real push run through the HTTP client, manifest handling, hashing, (de)compression
 * and the layer paths while the JVM records its AOT cache. It serves {@link AotTrainingImage} as
 * {@code train:latest} and takes pushes as the OCI distribution spec has them: HEAD of a blob,
 * POST to open an upload session (a cross-repository mount is refused with a session, so the
 * training uploads), PATCH chunks, PUT ?digest= (checked), PUT of a manifest; what was pushed can
 * be pulled back. In memory, no auth, no deletes: a training fixture, not a registry.
 */
final class AotTrainingRegistry implements AutoCloseable {
    private static final Pattern UPLOAD = Pattern.compile("/v2/(.+)/blobs/uploads/([^/]*)");
    private static final Pattern MANIFEST = Pattern.compile("/v2/(.+)/manifests/([^/]+)");

    private record Content(String type, byte[] body, String digest) {}

    /** What GET and HEAD answer, by path: the seeded image and whatever was pushed. */
    private final Map<String, Content> paths = new ConcurrentHashMap<>();
    /** Open upload sessions, by id: the bytes received so far. */
    private final Map<String, ByteArrayOutputStream> uploads = new ConcurrentHashMap<>();
    private final AtomicLong sessions = new AtomicLong();
    private final HttpServer server;

    AotTrainingRegistry() throws IOException {
        AotTrainingImage image = AotTrainingImage.make();
        paths.put("/v2/", new Content("application/json", "{}".getBytes(StandardCharsets.UTF_8), null));
        storeManifest("train", "latest", AotTrainingImage.OCI_INDEX, image.index());
        storeManifest("train", AotTrainingImage.sha256(image.manifest()), AotTrainingImage.OCI_MANIFEST, image.manifest());
        storeBlob("train", image.config());
        image.layers().forEach(layer -> storeBlob("train", layer));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", this::handle);
        server.start();
    }

    /** "127.0.0.1:PORT", the registry's host. */
    String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** The reference to pull. */
    String reference() {
        return host() + "/train:latest";
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            x.getResponseHeaders().add("Docker-Distribution-API-Version", "registry/2.0");
            String path = x.getRequestURI().getPath();
            String method = x.getRequestMethod();
            Matcher upload = UPLOAD.matcher(path);
            Matcher manifest = MANIFEST.matcher(path);
            if (upload.matches()) {
                upload(x, method, upload.group(1), upload.group(2));
            } else if (method.equals("PUT") && manifest.matches()) {
                String type = x.getRequestHeaders().getFirst("Content-Type");
                String digest = storeManifest(manifest.group(1), manifest.group(2), type, x.getRequestBody().readAllBytes());
                reply(x, 201, "Location", "/v2/" + manifest.group(1) + "/manifests/" + digest, "Docker-Content-Digest", digest);
            } else if (method.equals("GET") || method.equals("HEAD")) {
                get(x, paths.get(path));
            } else {
                reply(x, 405);
            }
        }
    }

    /** POST opens a session (?mount= too: refused), PATCH appends to it, PUT ?digest= appends and completes it. */
    private void upload(HttpExchange x, String method, String repo, String session) throws IOException {
        if (method.equals("POST") && session.isEmpty()) {
            String id = Long.toString(sessions.incrementAndGet());
            uploads.put(id, new ByteArrayOutputStream());
            replyUploading(x, repo, id, 0);
            return;
        }
        ByteArrayOutputStream data = uploads.get(session);
        if (data == null || !(method.equals("PATCH") || method.equals("PUT"))) {
            reply(x, data == null ? 404 : 405);
            return;
        }
        String range = x.getRequestHeaders().getFirst("Content-Range");
        if (range != null && !range.startsWith(data.size() + "-")) {
            reply(x, 416);   // chunks come in order
            return;
        }
        x.getRequestBody().transferTo(data);
        if (method.equals("PATCH")) {
            replyUploading(x, repo, session, data.size());
            return;
        }
        uploads.remove(session);
        String query = x.getRequestURI().getQuery();
        String digest = query != null && query.startsWith("digest=") ? query.substring("digest=".length()) : null;
        byte[] blob = data.toByteArray();
        if (digest == null || !digest.equals(AotTrainingImage.sha256(blob))) {
            reply(x, 400);   // DIGEST_INVALID
            return;
        }
        storeBlob(repo, blob);
        reply(x, 201, "Location", "/v2/" + repo + "/blobs/" + digest, "Docker-Content-Digest", digest);
    }

    private static void replyUploading(HttpExchange x, String repo, String id, long received) throws IOException {
        reply(x, 202, "Location", "/v2/" + repo + "/blobs/uploads/" + id, "Docker-Upload-UUID", id,
                "Range", "0-" + Math.max(0, received - 1));
    }

    private static void get(HttpExchange x, Content c) throws IOException {
        if (c == null) {
            reply(x, 404);
            return;
        }
        x.getResponseHeaders().add("Content-Type", c.type());
        if (c.digest() != null) x.getResponseHeaders().add("Docker-Content-Digest", c.digest());
        if (x.getRequestMethod().equals("HEAD")) {
            reply(x, 200, "Content-Length", Integer.toString(c.body().length));
            return;
        }
        x.sendResponseHeaders(200, c.body().length);
        x.getResponseBody().write(c.body());
    }

    /** A response without a body. */
    private static void reply(HttpExchange x, int status, String... headers) throws IOException {
        for (int i = 0; i < headers.length; i += 2) x.getResponseHeaders().add(headers[i], headers[i + 1]);
        x.sendResponseHeaders(status, -1);
    }

    private void storeBlob(String repo, byte[] blob) {
        String digest = AotTrainingImage.sha256(blob);
        paths.put("/v2/" + repo + "/blobs/" + digest, new Content("application/octet-stream", blob, digest));
    }

    /** Under {@code reference} (a tag or its digest) and under its digest; returns the digest. */
    private String storeManifest(String repo, String reference, String type, byte[] manifest) {
        String digest = AotTrainingImage.sha256(manifest);
        Content c = new Content(type, manifest, digest);
        paths.put("/v2/" + repo + "/manifests/" + reference, c);
        paths.put("/v2/" + repo + "/manifests/" + digest, c);
        return digest;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
