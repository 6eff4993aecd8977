package dev.minidocker.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.minidocker.image.registry.CredentialStore;
import dev.minidocker.image.registry.Credentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoginCommandTest {
    private static final Credentials ALICE = new Credentials("alice", "s3cret");
    private WireMockServer registry;

    @TempDir
    Path config;

    @BeforeEach
    void start() {
        registry = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        registry.start();
        String realm = "http://127.0.0.1:" + registry.port() + "/token";
        registry.stubFor(get(urlPathEqualTo("/v2/")).atPriority(5).willReturn(aResponse().withStatus(401)
                .withHeader("WWW-Authenticate", "Bearer realm=\"" + realm + "\",service=\"test\"")));
        registry.stubFor(get(urlPathEqualTo("/v2/")).withHeader("Authorization", equalTo("Bearer good")).atPriority(1)
                .willReturn(aResponse().withStatus(200).withBody("{}")));
        registry.stubFor(get(urlPathEqualTo("/token")).atPriority(5).willReturn(aResponse().withStatus(401)
                .withBody("{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"incorrect username or password\"}]}")));
        registry.stubFor(get(urlPathEqualTo("/token")).withHeader("Authorization", equalTo(ALICE.basicAuthorization()))
                .atPriority(1).willReturn(aResponse().withStatus(200).withBody("{\"token\":\"good\"}")));
    }

    @AfterEach
    void stop() {
        registry.stop();
    }

    private String server() {
        return "127.0.0.1:" + registry.port();
    }

    @Test
    void loginStoresVerifiedCredentialsAndLogoutRemovesThem() {
        assertEquals(0, Main.run("login", "--config", config.toString(), "-u", "alice", "-p", "s3cret", server()));
        CredentialStore store = CredentialStore.inDirectory(config);
        assertEquals(Optional.of(ALICE), store.lookup(server()));

        assertEquals(0, Main.run("logout", "--config", config.toString(), "http://" + server()));
        assertEquals(Optional.empty(), store.lookup(server()));
    }

    @Test
    void wrongPasswordFailsWith1AndStoresNothing() {
        assertEquals(ExitCodes.VERB_FAILED,
                Main.run("login", "--config", config.toString(), "-u", "alice", "-p", "wrong", server()));
        assertFalse(Files.exists(config.resolve("config.json")));
    }

    @Test
    void logoutWhenNotLoggedInSucceeds() {
        assertEquals(0, Main.run("logout", "--config", config.toString(), server()));
        assertTrue(Files.notExists(config.resolve("config.json")));
    }
}
