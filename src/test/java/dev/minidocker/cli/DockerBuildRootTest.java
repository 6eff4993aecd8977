package dev.minidocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.RootOnly;
import dev.minidocker.daemon.Daemon;
import dev.minidocker.daemon.DaemonAddress;
import dev.minidocker.daemon.DaemonOptions;
import dev.minidocker.testing.DockerCli;
import dev.minidocker.testing.LocalRegistry;
import dev.minidocker.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code DOCKER_BUILDKIT=0 docker build} through the daemon's socket ({@code POST /build}): the
 * shared demo context builds with the classic builder's output and runs; {@code mini-docker build}
 * of the same context in the same store then takes every step from the cache and ends with the
 * same image id (both builders make the same steps); -q, --label, a Dockerfile from outside the
 * context, a failing RUN (its exit code is docker's), a syntax error, a client that goes away,
 * docker-py's {@code images.build} and docker-compose's {@code build:}.
 */
@RootOnly
class DockerBuildRootTest {
    @TempDir Path root;
    @TempDir Path dockerConfig;
    @TempDir Path tmp;
    private Daemon daemon;
    private DockerCli docker;
    private String base;
    private Path ctx;

    @BeforeEach
    void start() throws Exception {
        base = LocalRegistry.shared().push(TestImages.busybox(), "i11build/dc-base", TestImages.TAG);
        daemon = Daemon.start(new DaemonOptions(root, DaemonAddress.unix(root.resolve("md.sock")), null, "root"));
        docker = new DockerCli(root.resolve("md.sock"), dockerConfig);
        ctx = DemoBuildContext.write(tmp.resolve("ctx"), tmp);
    }

    @AfterEach
    void stop() {
        if (daemon != null) daemon.close();
    }

    @Test
    void theDockerClientBuildsTheSameImageAsTheCli() throws Exception {
        DockerCli.Result built = docker.run("build", "--build-arg", "BASE=" + base, "-t", "i11/dc:1", ctx.toString()).ok();
        assertTrue(built.stdout().contains("Step 1/16 : ARG BASE=busybox\n"), built.stdout());
        assertTrue(built.stdout().contains("Step 16/16 : CMD [\"default-arg\"]\n"), built.stdout());
        assertTrue(built.stdout().matches("(?s).*Successfully built ([0-9a-f]{12})\nSuccessfully tagged i11/dc:1\n"), built.stdout());
        assertEquals(DemoBuildContext.RUN_OUTPUT, DemoBuildContext.runOutput(docker.run("run", "--rm", "i11/dc:1").ok().stdout()));
        assertEquals("app /app {\"8080/tcp\":{}} {\"title\":\"demo app\"}", docker.run("image", "inspect", "-f",
                "{{.Config.User}} {{.Config.WorkingDir}} {{json .Config.ExposedPorts}} {{json .Config.Labels}}", "i11/dc:1")
                .ok().stdout().strip());
        String dockerId = docker.run("image", "inspect", "-f", "{{.Id}}", "i11/dc:1").ok().stdout().strip();

        MiniDockerProcess md = new MiniDockerProcess(root, tmp.resolve("logs"));
        MiniDockerProcess.Result cli = md.call("build", "--build-arg", "BASE=" + base, "-t", "i11/cli:1", ctx.toString()).ok();
        assertEquals(13, cli.out().split(" ---> Using cache", -1).length - 1, cli.out());
        assertEquals(dockerId, md.call("image", "inspect", "-f", "{{.Id}}", "i11/cli:1").ok().out().strip());

        String quiet = docker.run("build", "-q", "--build-arg", "BASE=" + base, "--label", "via=docker", ctx.toString())
                .ok().stdout();
        assertTrue(quiet.matches("sha256:[0-9a-f]{64}\n"), quiet);
        assertEquals("{\"title\":\"demo app\",\"via\":\"docker\"}", docker.run("image", "inspect", "-f",
                "{{json .Config.Labels}}", quiet.strip()).ok().stdout().strip());
        assertEquals("", docker.run("ps", "-aq").ok().stdout(), "no build container is left");
    }

    @Test
    void failuresAsTheDockerClientReportsThem() throws Exception {
        Path outside = Files.writeString(tmp.resolve("Failing.dockerfile"), "FROM " + base + "\nRUN echo before; exit 3\n");
        DockerCli.Result failed = docker.run("build", "-t", "i11/dc:bad", "-f", outside.toString(), ctx.toString());
        assertEquals(3, failed.exitCode(), failed.stdout() + failed.stderr());
        assertTrue(failed.stdout().contains("before\n"), failed.stdout());
        assertTrue(failed.stderr().contains("The command '/bin/sh -c echo before; exit 3' returned a non-zero code: 3"),
                failed.stderr());
        assertFalse(docker.run("images").ok().stdout().contains("i11/dc"), "no tag after a failure");

        Files.writeString(outside, "FROM " + base + "\n\nFOO bar\n");
        DockerCli.Result syntax = docker.run("build", "-f", outside.toString(), ctx.toString());
        assertEquals(1, syntax.exitCode());
        assertTrue(syntax.stderr().contains("Error response from daemon: dockerfile parse error on line 3: unknown instruction: FOO\n"),
                syntax.stderr());
        assertEquals("", docker.run("ps", "-aq").ok().stdout(), "no build container is left");
    }

    @Test
    void aClientThatGoesAwayStopsTheBuildBeforeItsNextStep() throws Exception {
        docker.run("pull", "-q", base).ok();
        Path cancel = Files.createDirectories(tmp.resolve("cancel"));
        Files.writeString(cancel.resolve("Dockerfile"), "FROM " + base + "\nRUN echo started; sleep 3\nRUN echo next\nRUN echo last\n");
        ProcessBuilder pb = new ProcessBuilder("docker", "build", "--no-cache", "-t", "i11/cancelled", cancel.toString())
                .redirectErrorStream(true);
        pb.environment().put("DOCKER_HOST", "unix://" + root.resolve("md.sock"));
        pb.environment().put("DOCKER_CONFIG", dockerConfig.toString());
        pb.environment().put("DOCKER_BUILDKIT", "0");
        Process client = pb.start();
        StringBuilder seen = new StringBuilder();
        var in = client.getInputStream();
        byte[] buf = new byte[4096];
        for (int n; !seen.toString().contains("\nstarted\n") && (n = in.read(buf)) > 0; ) seen.append(new String(buf, 0, n));
        client.destroy(); // the client goes away during the RUN
        client.waitFor(30, TimeUnit.SECONDS);
        Thread.sleep(6000); // the RUN's end, then where the next step would have started
        try (var entries = Files.list(root.resolve("build-cache"))) {
            assertEquals(1, entries.count(), "only the step in progress was completed");
        }
        assertFalse(docker.run("images").ok().stdout().contains("i11/cancelled"));
        assertEquals("", docker.run("ps", "-aq").ok().stdout(), "no build container is left");
    }

    @Test
    void dockerPyBuildsAndReportsAFailingStep() throws Exception {
        Process probe = new ProcessBuilder("python3", "-c", "import docker").redirectErrorStream(true).start();
        Assumptions.assumeTrue(probe.waitFor() == 0, "python3-docker is not installed");
        Path failing = Files.createDirectories(tmp.resolve("failing"));
        Files.writeString(failing.resolve("Dockerfile"), "FROM " + base + "\nRUN exit 7\n");
        Path script = Files.writeString(tmp.resolve("build.py"), """
                import sys, docker
                c = docker.DockerClient(base_url="unix://" + sys.argv[1])
                image, logs = c.images.build(path=sys.argv[2], tag="i11/py:1", buildargs={"BASE": sys.argv[3]})
                print(image.tags, image.attrs["Config"]["User"])
                try:
                    c.images.build(path=sys.argv[4])
                except docker.errors.BuildError as e:
                    print("BuildError:", e.msg)
                """);
        Process p = new ProcessBuilder("python3", script.toString(), root.resolve("md.sock").toString(), ctx.toString(), base,
                failing.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "docker-py hung");
        assertEquals("['i11/py:1'] app\nBuildError: The command '/bin/sh -c exit 7' returned a non-zero code: 7\n", out);
    }

    @Test
    void dockerComposeBuildsItsServices() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/docker-compose")), "docker-compose is not installed");
        Path project = Files.createDirectories(tmp.resolve("project"));
        Files.writeString(project.resolve("docker-compose.yml"), """
                services:
                  app:
                    build:
                      context: %s
                      args:
                        BASE: %s
                    image: i11/composed:1
                """.formatted(ctx, base));
        List<String> command = new ArrayList<>(List.of("docker-compose", "-p", "i11build", "--no-ansi", "build"));
        ProcessBuilder pb = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("DOCKER_HOST", "unix://" + root.resolve("md.sock"));
        pb.environment().put("DOCKER_CONFIG", dockerConfig.toString());
        pb.environment().put("DOCKER_BUILDKIT", "0");
        pb.environment().put("COMPOSE_DOCKER_CLI_BUILD", "0");
        pb.environment().remove("DOCKER_API_VERSION");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "docker-compose build hung");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("Successfully tagged i11/composed:1"), out);
        assertEquals(DemoBuildContext.RUN_OUTPUT, DemoBuildContext.runOutput(docker.run("run", "--rm", "i11/composed:1").ok().stdout()));
    }
}
