package dev.minidocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry the registry cache is trained against takes what our push client sends, as
 * RegistryAotTraining runs it: a pulled image tagged and pushed (every layer uploaded, one in
 * chunks), pushed again (every layer present), then pulled back into another store as the same image.
 */
class AotTrainingRegistryTest {
    @TempDir
    Path tmp;

    @Test
    void aPushedImageIsStoredAndPullsBackUnchanged() throws Exception {
        try (AotTrainingRegistry registry = new AotTrainingRegistry()) {
            String store = tmp.resolve("store").toString();
            String pushed = registry.host() + "/pushed:latest";
            ok("--root", store, "pull", registry.reference());
            ok("--root", store, "tag", registry.reference(), pushed);

            String first = ok("--root", store, "push", pushed).out();
            assertEquals(2, count(first, ": Pushed"), first);
            String second = ok("--root", store, "push", pushed).out();
            assertEquals(2, count(second, ": Layer already exists"), second);
            assertEquals(digestLine(first), digestLine(second), "the same manifest, pushed again");

            String again = tmp.resolve("again").toString();
            ok("--root", again, "pull", pushed);
            assertEquals(id(store, registry.reference()), id(again, pushed), "the pushed image pulls back as the same image");
        }
    }

    @Test
    void aHeadAnswersWithTheSizeAndDigestAndAnUploadWhoseDigestDoesNotMatchIsRefused() throws Exception {
        try (AotTrainingRegistry registry = new AotTrainingRegistry(); HttpClient http = HttpClient.newHttpClient()) {
            String base = "http://" + registry.host();
            HttpResponse<Void> held = http.send(HttpRequest.newBuilder(URI.create(base + "/v2/train/manifests/latest"))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            assertEquals(200, held.statusCode());
            assertTrue(held.headers().firstValueAsLong("Content-Length").orElse(0) > 0, held.headers().toString());
            assertTrue(held.headers().firstValue("Docker-Content-Digest").orElse("").startsWith("sha256:"), held.headers().toString());
            HttpResponse<Void> opened = http.send(HttpRequest.newBuilder(URI.create(base + "/v2/x/blobs/uploads/"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            assertEquals(202, opened.statusCode());
            String session = base + opened.headers().firstValue("Location").orElseThrow();
            String wrong = "sha256:" + "0".repeat(64);
            HttpResponse<Void> put = http.send(HttpRequest.newBuilder(URI.create(session + "?digest=" + wrong))
                    .PUT(HttpRequest.BodyPublishers.ofString("data")).build(), HttpResponse.BodyHandlers.discarding());
            assertEquals(400, put.statusCode());
            HttpResponse<Void> head = http.send(HttpRequest.newBuilder(URI.create(base + "/v2/x/blobs/" + wrong))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            assertEquals(404, head.statusCode());
        }
    }

    private static CliCall ok(String... args) {
        CliCall call = CliCall.run(args);
        assertEquals(0, call.code(), String.join(" ", args) + ": " + call.err());
        return call;
    }

    private static String id(String store, String ref) {
        return ok("--root", store, "image", "inspect", "--format", "{{.Id}}", ref).out().strip();
    }

    private static String digestLine(String out) {
        return out.lines().filter(l -> l.startsWith("latest: digest: ")).findFirst().orElseThrow(() -> new AssertionError(out));
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) n++;
        return n;
    }
}
