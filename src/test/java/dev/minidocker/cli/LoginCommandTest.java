package dev.minidocker.cli;

import dev.minidocker.model.RegistryCredentials;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.minidocker.image.registry.CredentialStore;
import dev.minidocker.model.RegistryCredentials;
import dev.minidocker.image.registry.FakeCredentialHelper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoginCommandTest {
    private static final RegistryCredentials ALICE = new RegistryCredentials("alice", "s3cret");
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
    void loginAndLogoutWithCredsStoreGoThroughTheHelper(@TempDir Path bin) throws Exception {
        FakeCredentialHelper helper = FakeCredentialHelper.install(bin, "test");
        Files.writeString(config.resolve("config.json"), "{\"credsStore\":\"test\"}");
        Map<String, String> env = Map.of("PATH", bin + ":" + System.getenv("PATH"));
        CliProcess login = CliProcess.run(env, "s3cret\n", "login", "--config", config.toString(), "-u", "alice",
                "--password-stdin", server());
        assertEquals(new CliProcess(0, "Login Succeeded\n", ""), login);
        assertEquals("{\"ServerURL\":\"" + server() + "\",\"Username\":\"alice\",\"Secret\":\"s3cret\"}",
                helper.stored(server()));
        String file = Files.readString(config.resolve("config.json"));
        assertFalse(file.contains("s3cret") || file.contains(ALICE.encode()), file);
        assertEquals("{}", new ObjectMapper().readTree(file).path("auths").path(server()).toString());

        CliProcess logout = CliProcess.run(env, null, "logout", "--config", config.toString(), server());
        assertEquals(new CliProcess(0, "Removing login credentials for " + server() + "\n", ""), logout);
        assertNull(helper.stored(server()));
        assertEquals(0, new ObjectMapper().readTree(config.resolve("config.json").toFile()).path("auths").size());
    }

    @Test
    void aHelperThatCannotStoreFailsTheLoginWith1(@TempDir Path bin) throws Exception {
        FakeCredentialHelper.script(bin, "broken", "cat >/dev/null; echo 'pass store is uninitialized'; exit 1\n");
        Files.writeString(config.resolve("config.json"), "{\"credsStore\":\"broken\"}");
        CliProcess login = CliProcess.run(Map.of("PATH", bin + ":" + System.getenv("PATH")), "s3cret\n", "login",
                "--config", config.toString(), "-u", "alice", "--password-stdin", server());
        assertEquals(new CliProcess(1, "", "mini-docker: Error saving credentials: error storing credentials - err:"
                + " exit status 1, out: `pass store is uninitialized`\n"), login);
    }

    @Test
    void aMissingHelperFailsThePullWith1AndLogoutWarns(@TempDir Path emptyBin, @TempDir Path root) throws Exception {
        registry.stubFor(get(urlPathMatching("/v2/.+")).atPriority(3).willReturn(aResponse().withStatus(401)
                .withHeader("WWW-Authenticate", "Bearer realm=\"http://" + server() + "/token\",service=\"test\"")));
        Files.writeString(config.resolve("config.json"), "{\"credsStore\":\"pass\"}");
        Map<String, String> env = Map.of("PATH", emptyBin.toString(), "DOCKER_CONFIG", config.toString());
        String notFound = "error getting credentials - err: exec: \"docker-credential-pass\": executable file not found"
                + " in $PATH, out: ``";
        CliProcess pull = CliProcess.run(env, null, "--root", root.toString(), "pull", server() + "/test/app:latest");
        assertEquals(new CliProcess(1, "", "mini-docker: " + notFound + "\n"), pull);

        CliProcess logout = CliProcess.run(env, null, "logout", server());
        assertEquals(0, logout.code());
        assertEquals("Removing login credentials for " + server() + "\n", logout.out());
        assertEquals("WARNING: could not erase credentials:\n"
                + server() + ": " + notFound.replace("getting", "erasing") + "\n"
                + "http://" + server() + ": " + notFound.replace("getting", "erasing") + "\n"
                + "https://" + server() + ": " + notFound.replace("getting", "erasing") + "\n", logout.err());
    }

    @Test
    void loginWithoutFlagsTriesTheStoredCredentialsFirst() throws Exception {
        assertEquals(0, Main.run("login", "--config", config.toString(), "-u", "alice", "-p", "s3cret", server()));
        CliCall again = CliCall.run("login", "--config", config.toString(), server());
        assertEquals(new CliCall(0, "Authenticating with existing credentials... [Username: alice]\n"
                + "To login with a different account, run 'mini-docker logout' followed by 'mini-docker login'\n\n"
                + "Login Succeeded\n", ""), again);

        CredentialStore.inDirectory(config).save(server(), new RegistryCredentials("alice", "expired"));
        CliCall stale = CliCall.run("login", "--config", config.toString(), server());
        assertEquals(1, stale.code());
        assertEquals("Stored credentials invalid or expired\n"
                + "mini-docker: cannot perform an interactive login from a non TTY device\n", stale.err());
    }

    @Test
    void logoutWhenNotLoggedInSucceeds() {
        assertEquals(0, Main.run("logout", "--config", config.toString(), server()));
        assertTrue(Files.notExists(config.resolve("config.json")));
    }
}
