package dev.minidocker.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pull that fails before the registry found the manifest prints the error alone, as docker
 * does: no "TAG: Pulling from REPO" header, which Docker only prints once it has the manifest.
 */
class PullErrorOutputTest {
    @TempDir
    Path root;
    WireMockServer registry;

    @BeforeEach
    void start() {
        registry = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        registry.start();
        registry.stubFor(get(urlPathEqualTo("/v2/")).willReturn(aResponse().withStatus(200).withBody("{}")));
        registry.stubFor(get(urlPathEqualTo("/v2/test/app/manifests/nosuch")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}")));
    }

    @AfterEach
    void stop() {
        registry.stop();
    }

    private CliCall pull(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "--root";
        all[1] = root.toString();
        all[2] = "pull";
        System.arraycopy(args, 0, all, 3, args.length);
        return CliCall.run(all);
    }

    private String image(String tag) {
        return "127.0.0.1:" + registry.port() + "/test/app:" + tag;
    }

    @Test
    void aMissingManifestGetsItsErrorWithoutAPullingFromLine() {
        CliCall r = pull(image("nosuch"));
        assertEquals(1, r.code());
        assertEquals("", r.out());
        assertEquals("mini-docker: manifest for " + image("nosuch") + " not found: manifest unknown\n", r.err());
    }

    @Test
    void aBadMaxConcurrentDownloadsIsRefusedBeforeTheRegistryIsAsked() {
        CliCall r = pull("--max-concurrent-downloads", "-1", image("latest"));
        assertEquals(1, r.code());
        assertEquals("", r.out());
        assertEquals("mini-docker: max concurrent downloads must be at least 1\n", r.err());
        assertTrue(registry.getAllServeEvents().isEmpty(), "no request may reach the registry");
    }
}
