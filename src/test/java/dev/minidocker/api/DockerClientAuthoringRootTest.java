package dev.minidocker.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minidocker.RootOnly;
import dev.minidocker.testing.DockerCli;
import dev.minidocker.testing.LocalRegistry;
import dev.minidocker.testing.TestDaemon;
import dev.minidocker.testing.TestImages;
import dev.minidocker.testing.TokenServer;
import dev.minidocker.testing.Tools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real docker client making images through the daemon's socket: commit (with --change),
 * tag, push to a token-auth registry with the client's own config.json credentials (sent as
 * X-Registry-Auth), and the errors as the client prints them.
 */
@RootOnly
class DockerClientAuthoringRootTest {
    @TempDir Path root;
    @TempDir Path dockerConfig;
    @TempDir Path work;
    private TestDaemon daemon;
    private DockerCli docker;
    private String image;

    @BeforeEach
    void start() {
        image = LocalRegistry.shared().push(TestImages.busybox(), "i10wire/dc-base", TestImages.TAG);
        daemon = TestDaemon.start(root);
        docker = daemon.docker(dockerConfig);
        docker.run("pull", "-q", image).ok();
    }

    @AfterEach
    void stop() {
        if (daemon != null) daemon.close(); // and its containers removed
    }

    @Test
    void commitTagAndPrivatePushWithTheClientsCredentials() throws Exception {
        docker.run("run", "--name", "maker", image, "sh", "-c", "echo made > /made && rm /etc/group").ok();
        String id = docker.run("commit", "-m", "via docker", "-c", "CMD [\"cat\", \"/made\"]", "-c", "ENV WHO=docker",
                "maker", "i10wire/dc:1").ok().stdout().strip();
        assertTrue(id.matches("sha256:[0-9a-f]{64}"), id);
        assertEquals("made\n", docker.run("run", "--rm", "i10wire/dc:1").ok().stdout());
        assertEquals("docker no-group\n", docker.run("run", "--rm", "i10wire/dc:1", "sh", "-c",
                "echo $WHO $(test -e /etc/group || echo no-group)").ok().stdout());
        assertEquals("2", docker.run("image", "inspect", "-f", "{{len .RootFS.Layers}}", "i10wire/dc:1").ok().stdout().strip());

        try (TokenServer tokens = new TokenServer(Files.createDirectories(work.resolve("token")), Map.of("alice", "s3cret"));
             LocalRegistry registry = LocalRegistry.start(tokens.authYaml())) {
            String ref = registry.host() + "/private/dc:1";
            docker.run("tag", "i10wire/dc:1", ref).ok();
            DockerCli.Result anonymous = docker.run("push", ref);
            assertEquals(1, anonymous.exitCode(), anonymous.stdout() + anonymous.stderr());
            assertTrue(anonymous.stderr().contains("authentication to registry " + registry.host() + " failed"),
                    anonymous.stderr());

            String auth = Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8));
            Files.writeString(dockerConfig.resolve("config.json"), new ObjectMapper().writeValueAsString(
                    Map.of("auths", Map.of(registry.host(), Map.of("auth", auth)))));
            DockerCli.Result pushed = docker.run("push", ref).ok();
            assertTrue(pushed.stdout().contains(": Pushed"), pushed.stdout());
            assertTrue(pushed.stdout().matches("(?s).*1: digest: sha256:[0-9a-f]{64} size: \\d+\n"), pushed.stdout());
            assertTrue(tokens.requests.contains("alice repository:private/dc:push,pull"), tokens.requests.toString());
            String manifest = Tools.run("skopeo", "inspect", "--raw", "--tls-verify=false", "--creds", "alice:s3cret",
                    "docker://" + ref);
            assertEquals(id, new ObjectMapper().readTree(manifest).at("/config/digest").asText(), "the image id is the pushed config");
        }
        docker.run("rm", "maker").ok();
    }

    @Test
    void errorsAsTheClientPrintsThem() {
        DockerCli.Result unknown = docker.run("commit", "nosuch");
        assertEquals(1, unknown.exitCode());
        assertEquals("Error response from daemon: No such container: nosuch\n", unknown.stderr());
        DockerCli.Result badChange = docker.run("run", "--name", "xc", image, "true");
        assertEquals(0, badChange.exitCode(), badChange.stderr());
        DockerCli.Result run = docker.run("commit", "-c", "RUN true", "xc");
        assertEquals(1, run.exitCode());
        assertEquals("Error response from daemon: run is not a valid change command\n", run.stderr());
        DockerCli.Result noImage = docker.run("tag", "i10wire/none", "i10wire/other");
        assertEquals(1, noImage.exitCode());
        assertEquals("Error response from daemon: No such image: i10wire/none:latest\n", noImage.stderr());
        assertFalse(docker.run("images").ok().stdout().contains("i10wire/other"));
        docker.run("rm", "xc").ok();
    }

    @Test
    void exportImportAndCpWithTheDockerClient() throws Exception {
        String mark = "i10wire-dc-" + ProcessHandle.current().pid();
        docker.run("run", "--name", "files", image, "sh", "-c", "mkdir /data && echo hi > /data/f && ln -s /etc /data/etc-link"
                + " && mkdir /links && ln -s ../../../../.. /links/up && echo container > /etc/passwd").ok();
        Path out = Files.createDirectories(work.resolve("out"));
        docker.run("cp", "files:/data/f", out + "/").ok();
        assertEquals("hi\n", Files.readString(out.resolve("f")));
        docker.run("cp", "files:/links/up/etc/passwd", out.resolve("p").toString()).ok();
        assertEquals("container\n", Files.readString(out.resolve("p")), "the container's passwd, not the host's");
        docker.run("cp", "files:/data", out.resolve("copy").toString()).ok();
        assertEquals("hi\n", Files.readString(out.resolve("copy/f")));

        Path in = Files.writeString(work.resolve(mark), "from host\n");
        docker.run("cp", in.toString(), "files:/data/etc-link/").ok();
        docker.run("cp", in.toString(), "files:/links/up/").ok();
        assertFalse(Files.exists(Path.of("/etc", mark)), "cp wrote the host's /etc");
        assertFalse(Files.exists(Path.of("/", mark)), "cp wrote the host's /");
        docker.run("cp", "files:/etc/" + mark, out.resolve("back1").toString()).ok();
        docker.run("cp", "files:/" + mark, out.resolve("back2").toString()).ok();
        assertEquals("from host\n", Files.readString(out.resolve("back1")));
        assertEquals("from host\n", Files.readString(out.resolve("back2")));

        // the layer extractor refuses symlinks climbing above the root (../../..), which docker
        // would store: export another container for the import
        docker.run("run", "--name", "exp", image, "sh", "-c", "mkdir /data && echo hi > /data/f && echo from host > /etc/" + mark).ok();
        Path tar = work.resolve("files.tar");
        docker.run("export", "-o", tar.toString(), "exp").ok();
        String id = docker.run("import", "-c", "CMD [\"cat\", \"/data/f\"]", tar.toString(), "i10wire/dcimp:1").ok().stdout().strip();
        assertTrue(id.matches("sha256:[0-9a-f]{64}"), id);
        assertEquals("hi\n", docker.run("run", "--rm", "i10wire/dcimp:1").ok().stdout());
        assertEquals("from host\n", docker.run("run", "--rm", "i10wire/dcimp:1", "cat", "/etc/" + mark).ok().stdout());
        DockerCli.Result missing = docker.run("cp", "files:/nope", out.toString());
        assertEquals(1, missing.exitCode());
        assertTrue(missing.stderr().contains("Could not find the file /nope in container files"), missing.stderr());
        docker.run("rm", "files", "exp").ok();
    }
}
