package dev.minidocker.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.minidocker.daemon.Daemon;
import dev.minidocker.daemon.DaemonAddress;
import dev.minidocker.daemon.DaemonOptions;
import dev.minidocker.json.Json;
import dev.minidocker.testing.DockerCli;
import java.net.URLEncoder;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a client sees before it runs anything (no root needed): a Docker-comparable /version, the
 * predefined networks, and Docker's answers to bad filters, through the real docker CLI and raw HTTP.
 */
class EngineApiFidelityTest {
    @TempDir
    Path root;
    @TempDir
    Path dockerConfig;
    private Daemon daemon;
    private DockerCli docker;
    private UnixHttpClient http;

    @BeforeEach
    void start() {
        Path socket = root.resolve("md.sock");
        daemon = Daemon.start(new DaemonOptions(root, DaemonAddress.unix(socket), null, null));
        docker = new DockerCli(socket, dockerConfig);
        http = new UnixHttpClient(UnixDomainSocketAddress.of(socket));
    }

    @AfterEach
    void stop() {
        if (daemon != null) daemon.close();
    }

    @Test
    void versionIsDockerComparableWithMiniDockersOwnInComponents() throws Exception {
        JsonNode v = Json.MAPPER.readTree(http.send("GET", "/v1.41/version", null).text());
        assertEquals(ApiVersion.DOCKER_COMPATIBLE, v.path("Version").asText());
        assertEquals("1.41", v.path("ApiVersion").asText());
        assertEquals(ApiVersion.MINIMUM, v.path("MinAPIVersion").asText());
        assertTrue(v.path("Components").toString().contains("\"Name\":\"mini-docker\""), v.toString());
        String server = docker.run("version", "--format", "{{.Server.Version}} {{.Server.APIVersion}}").ok().stdout().strip();
        assertEquals(ApiVersion.DOCKER_COMPATIBLE + " 1.41", server);
    }

    @Test
    void predefinedNetworksAreListedFoundAndNotRemovable() {
        List<String> names = docker.run("network", "ls", "--format", "{{.Name}} {{.Driver}}").ok().stdout().lines().toList();
        assertEquals(List.of("bridge bridge", "host host", "none null"), names);
        String bridgeId = docker.run("network", "inspect", "-f", "{{.Id}}", "bridge").ok().stdout().strip();
        DockerCli.Result rm = docker.run("network", "rm", "host");
        assertNotEquals(0, rm.exitCode());
        assertTrue(rm.stderr().contains("host is a pre-defined network and cannot be removed"), rm.stderr());
        docker.run("network", "prune", "-f").ok();
        assertEquals(bridgeId, docker.run("network", "inspect", "-f", "{{.Id}}", "bridge").ok().stdout().strip(),
                "bridge survives a prune with its id");
        assertEquals("none\n", docker.run("network", "ls", "-q", "--filter", "driver=null", "--format", "{{.Name}}").ok().stdout());
        assertEquals("host\n", docker.run("network", "ls", "--filter", "name=^ho", "--format", "{{.Name}}").ok().stdout());
        assertEquals("", docker.run("network", "ls", "--filter", "type=custom", "--format", "{{.Name}}").ok().stdout());
    }

    @Test
    void badFiltersAre400WithDockersMessages() throws Exception {
        for (String path : List.of("/containers/json", "/networks", "/images/json", "/volumes", "/events")) {
            ApiResponse unknown = http.send("GET", "/v1.41" + path + "?filters="
                    + URLEncoder.encode("{\"colour\":[\"red\"]}", StandardCharsets.UTF_8), null);
            assertEquals(400, unknown.status(), path);
            assertEquals("invalid filter 'colour'", Json.MAPPER.readTree(unknown.text()).path("message").asText(), path);
            ApiResponse malformed = http.send("GET", "/v1.41" + path + "?filters=%7Bnope", null);
            assertEquals(400, malformed.status(), path);
            assertTrue(Json.MAPPER.readTree(malformed.text()).path("message").asText().startsWith("invalid filter"), path);
        }
        ApiResponse prune = http.send("POST", "/v1.41/containers/prune?filters="
                + URLEncoder.encode("{\"status\":[\"exited\"]}", StandardCharsets.UTF_8), null);
        assertEquals(400, prune.status(), "status is not a prune filter");
        DockerCli.Result ps = docker.run("ps", "--filter", "colour=red");
        assertNotEquals(0, ps.exitCode());
        assertTrue(ps.stderr().contains("invalid filter 'colour'"), ps.stderr());
    }

    @Test
    void unknownBodyFieldsAreIgnoredAndMissingTargetsAre404() throws Exception {
        // Docker's daemon decodes bodies with Go's encoding/json, which skips fields it does not know
        ApiResponse volume = http.send("POST", "/v1.41/volumes/create", java.util.Map.of("Name", "v1", "Colour", "red"));
        String created = volume.text();
        assertEquals(201, volume.status(), created);
        assertEquals("v1", Json.MAPPER.readTree(created).path("Name").asText());
        ApiResponse network = http.send("POST", "/v1.41/networks/create", java.util.Map.of("Name", "n1", "Colour", "red"));
        assertEquals(201, network.status());

        ApiResponse noNetwork = http.send("POST", "/v1.41/networks/nosuchnet/connect", java.util.Map.of("Container", "c"));
        assertEquals(404, noNetwork.status());
        assertEquals("network nosuchnet not found", Json.MAPPER.readTree(noNetwork.text()).path("message").asText());
        ApiResponse noContainer = http.send("POST", "/v1.41/networks/n1/connect", java.util.Map.of("Container", "nosuch"));
        assertEquals(404, noContainer.status());
        String message = Json.MAPPER.readTree(noContainer.text()).path("message").asText();
        assertTrue(message.startsWith("No such container: nosuch"), message);
        ApiResponse noVolume = http.send("DELETE", "/v1.41/volumes/nosuch", null);
        assertEquals(404, noVolume.status());
        assertEquals(204, http.send("DELETE", "/v1.41/volumes/v1", null).status());
        assertEquals(204, http.send("DELETE", "/v1.41/networks/n1", null).status());
    }
}
