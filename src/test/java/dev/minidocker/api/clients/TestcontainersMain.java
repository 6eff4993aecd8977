package dev.minidocker.api.clients;

import java.time.Duration;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * Testcontainers' own use, run in a JVM of its own (DockerTestcontainersRootTest starts it with
 * DOCKER_HOST naming the daemon's socket, which Testcontainers reads from the environment only):
 * a GenericContainer with an exposed port and a wait strategy, execInContainer, its logs, and two
 * containers on a Network.newNetwork() reaching each other by their network aliases. Prints "ok"
 * last; an exception or a failed check exits non-zero.
 */
public final class TestcontainersMain {
    private TestcontainersMain() {}

    public static void main(String[] args) throws Exception {
        DockerImageName image = DockerImageName.parse(args[0]);
        System.out.println("checks disabled: " + org.testcontainers.utility.TestcontainersConfiguration.getInstance().isDisableChecks());
        System.out.println("docker: " + DockerClientFactory.instance().getInfo().getServerVersion());
        try (GenericContainer<?> web = new GenericContainer<>(image)
                .withCommand("sh", "-c", "mkdir -p /www && echo tc-web > /www/index.html && echo web up && exec httpd -f -p 80 -h /www")
                .withExposedPorts(80)
                .waitingFor(Wait.forHttp("/").forStatusCode(200).withStartupTimeout(Duration.ofSeconds(60)))) {
            web.start();
            String page = new String(new java.net.URL("http://" + web.getHost() + ":" + web.getMappedPort(80) + "/")
                    .openStream().readAllBytes()).strip();
            check(page.equals("tc-web"), "page through the mapped port: " + page);
            Container.ExecResult r = web.execInContainer("cat", "/www/index.html");
            check(r.getExitCode() == 0 && r.getStdout().strip().equals("tc-web"), "execInContainer: " + r);
            Container.ExecResult failed = web.execInContainer("sh", "-c", "echo oops >&2; exit 3");
            check(failed.getExitCode() == 3 && failed.getStderr().contains("oops"), "exec exit code and stderr: " + failed);
            check(web.getLogs().contains("web up"), "logs: " + web.getLogs());
        }
        try (Network network = Network.newNetwork();
             GenericContainer<?> server = new GenericContainer<>(image)
                     .withNetwork(network).withNetworkAliases("backend")
                     .withCommand("sh", "-c", "mkdir -p /www && echo from-backend > /www/index.html && exec httpd -f -p 8080 -h /www");
             GenericContainer<?> client = new GenericContainer<>(image)
                     .withNetwork(network).withNetworkAliases("frontend")
                     .withCommand("sh", "-c", "while true; do sleep 1; done")) {
            server.start();
            client.start();
            String got = "";
            for (int i = 0; i < 50 && !got.contains("from-backend"); i++) {
                got = client.execInContainer("wget", "-q", "-O-", "http://backend:8080/").getStdout();
                if (!got.contains("from-backend")) Thread.sleep(200);
            }
            check(got.contains("from-backend"), "the client reaches the server by its alias: " + got);
            Container.ExecResult back = server.execInContainer("nslookup", "frontend");
            check(back.getExitCode() == 0, "and the server resolves the client's alias: " + back);
        }
        // Wait.forHealthcheck: Testcontainers polls inspect's State.Health until the daemon's checks pass
        try (GenericContainer<?> checked = new GenericContainer<>(image)
                .withCommand("sh", "-c", "sleep 1; touch /tmp/ready; exec sleep 300")
                .withCreateContainerCmdModifier(cmd -> cmd.withHealthcheck(new com.github.dockerjava.api.model.HealthCheck()
                        .withTest(java.util.List.of("CMD", "test", "-e", "/tmp/ready")).withInterval(300_000_000L).withRetries(50)))
                .waitingFor(Wait.forHealthcheck().withStartupTimeout(Duration.ofSeconds(60)))) {
            checked.start();
            String health = checked.getCurrentContainerInfo().getState().getHealth().getStatus();
            check(health.equals("healthy"), "healthy once started: " + health);
        }
        System.out.println("ok");
    }

    private static void check(boolean ok, String what) {
        if (!ok) throw new AssertionError("FAILED: " + what);
    }
}
