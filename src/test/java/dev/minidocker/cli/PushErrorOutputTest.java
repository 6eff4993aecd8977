package dev.minidocker.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.minidocker.RootOnly;
import dev.minidocker.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code push} to a registry that refuses, as the user sees it: one line naming the registry's
 * reason, exit 1 (docker's), and the store's images as they were.
 */
@RootOnly
class PushErrorOutputTest {
    @TempDir Path tmp;
    WireMockServer server;
    String root;
    String ref;

    @BeforeEach
    void setUp() throws Exception {
        server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        root = tmp.resolve("store").toString();
        ref = "127.0.0.1:" + server.port() + "/team/app:1";
        Files.createDirectories(tmp.resolve("tree/app"));
        Files.writeString(tmp.resolve("tree/app/main.sh"), "echo hi\n");
        Path tar = tmp.resolve("rootfs.tar");
        Tools.run("tar", "-cf", tar.toString(), "-C", tmp.resolve("tree").toString(), ".");
        CliCall imported = CliCall.run("--root", root, "import", tar.toString(), ref);
        assertEquals(0, imported.code(), imported.err());
        server.stubFor(get(urlPathEqualTo("/v2/")).willReturn(aResponse().withStatus(200)));
        server.stubFor(head(urlPathMatching("/v2/team/app/blobs/.*")).willReturn(aResponse().withStatus(404)));
        server.stubFor(post(urlPathEqualTo("/v2/team/app/blobs/uploads/")).willReturn(aResponse().withStatus(202)
                .withHeader("Location", "/v2/team/app/blobs/uploads/session")));
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private void refused(String expectedLine) {
        String before = CliCall.run("--root", root, "images").out();
        CliCall push = CliCall.run("--root", root, "push", ref);
        assertEquals(1, push.code(), push.err());
        assertEquals(expectedLine + "\n", push.err());
        assertEquals(before, CliCall.run("--root", root, "images").out(), "the store's images as they were");
    }

    @Test
    void aFullRegistry() {
        server.stubFor(put(urlPathEqualTo("/v2/team/app/blobs/uploads/session")).willReturn(aResponse().withStatus(507)));
        String host = "127.0.0.1:" + server.port();
        CliCall push = CliCall.run("--root", root, "push", ref);
        assertEquals(1, push.code());
        assertEquals(1, push.err().lines().count(), push.err());
        assertEquals(true, push.err().startsWith("mini-docker: registry " + host + " is out of storage (507 Insufficient Storage)"),
                push.err());
    }

    @Test
    void aServerError() {
        server.stubFor(put(urlPathEqualTo("/v2/team/app/blobs/uploads/session")).willReturn(aResponse().withStatus(500)));
        CliCall push = CliCall.run("--root", root, "push", ref);
        assertEquals(1, push.code());
        assertEquals(1, push.err().lines().count(), push.err());
        assertEquals(true, push.err().contains("500"), push.err());
    }

    @Test
    void unauthorized() {
        server.stubFor(any(urlMatching("/v2/team/.*")).atPriority(1).willReturn(aResponse().withStatus(401)
                .withHeader("WWW-Authenticate", "Basic realm=\"registry\"")
                .withBody("{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}")));
        refused("mini-docker: push to 127.0.0.1:" + server.port() + "/team/app denied: unauthorized: authentication required"
                + " (see mini-docker login)");
    }
}
