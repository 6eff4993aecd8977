package dev.minidocker.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.RootOnly;
import dev.minidocker.daemon.Daemon;
import dev.minidocker.daemon.DaemonAddress;
import dev.minidocker.daemon.DaemonOptions;
import dev.minidocker.testing.DockerCli;
import dev.minidocker.testing.LocalRegistry;
import dev.minidocker.testing.TestImages;
import dev.minidocker.testing.TokenServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docker login}, {@code push} and {@code pull} through the daemon against a registry behind
 * a token service (Docker Hub's protocol): the daemon checks the login ({@code POST /auth}) and
 * uses the client's credentials (X-Registry-Auth, from the client's config) for push and pull, and
 * X-Registry-Config for a build's FROM; without them the private pull and build are refused.
 */
@RootOnly
class DockerClientRegistryAuthRootTest {
    @TempDir
    Path root;
    @TempDir
    Path dir;
    private Daemon daemon;

    @AfterEach
    void stop() {
        if (daemon != null) daemon.close();
    }

    @Test
    void loginChecksCredentialsAndPrivatePullUsesTheClientsConfig() throws Exception {
        String image = LocalRegistry.shared().push(TestImages.busybox(), "engine/busybox", TestImages.TAG);
        try (TokenServer tokens = new TokenServer(Files.createDirectories(dir.resolve("token")), Map.of("alice", "s3cret"));
             LocalRegistry registry = LocalRegistry.start(tokens.authYaml())) {
            daemon = Daemon.start(new DaemonOptions(root, DaemonAddress.unix(root.resolve("md.sock")), null, "root"));
            DockerCli docker = new DockerCli(root.resolve("md.sock"), Files.createDirectories(dir.resolve("alice")));
            DockerCli stranger = new DockerCli(root.resolve("md.sock"), Files.createDirectories(dir.resolve("stranger")));
            String host = registry.host();

            DockerCli.Result wrong = docker.run("login", host, "-u", "alice", "-p", "wrong");
            assertTrue(wrong.exitCode() != 0 && wrong.stderr().contains("Error response from daemon"), wrong.stderr());
            assertTrue(docker.run("login", host, "-u", "alice", "-p", "s3cret").ok().stdout().contains("Login Succeeded"));

            String priv = host + "/private/app:1";
            docker.run("pull", "-q", image).ok();
            docker.run("tag", image, priv).ok();
            DockerCli.Result anonymousPush = stranger.run("push", priv);
            assertTrue(anonymousPush.exitCode() != 0, anonymousPush.stdout() + anonymousPush.stderr());
            docker.run("push", priv).ok();
            assertTrue(tokens.requests.contains("alice repository:private/app:push,pull"), tokens.requests.toString());

            docker.run("rmi", priv).ok();
            DockerCli.Result anonymousPull = stranger.run("pull", priv);
            assertTrue(anonymousPull.exitCode() != 0, anonymousPull.stdout() + anonymousPull.stderr());
            docker.run("pull", priv).ok();
            assertEquals("hi\n", docker.run("run", "--rm", priv, "echo", "hi").ok().stdout());

            // a build whose FROM is private: the client sends its credentials in X-Registry-Config
            docker.run("rmi", priv).ok();
            Path context = Files.createDirectories(dir.resolve("context"));
            Files.writeString(context.resolve("Dockerfile"), "FROM " + priv + "\nRUN echo built > /built\n");
            DockerCli.Result anonymousBuild = stranger.run("build", "-t", "fromprivate", context.toString());
            assertTrue(anonymousBuild.exitCode() != 0, anonymousBuild.stdout() + anonymousBuild.stderr());
            docker.run("build", "-t", "fromprivate", context.toString()).ok();
            assertEquals("built\n", docker.run("run", "--rm", "fromprivate", "cat", "/built").ok().stdout());
        }
    }
}
