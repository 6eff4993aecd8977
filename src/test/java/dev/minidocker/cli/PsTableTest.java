package dev.minidocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.minidocker.engine.HumanUnits;
import dev.minidocker.engine.container.ContainerEntry;
import dev.minidocker.engine.container.ContainerStatus;
import dev.minidocker.model.PortBinding;
import dev.minidocker.state.ContainerState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PsTableTest {
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void humanDurationsLikeDocker() {
        assertEquals("Less than a second", HumanUnits.duration(Duration.ofMillis(400)));
        assertEquals("1 second", HumanUnits.duration(Duration.ofSeconds(1)));
        assertEquals("59 seconds", HumanUnits.duration(Duration.ofSeconds(59)));
        assertEquals("About a minute", HumanUnits.duration(Duration.ofSeconds(90)));
        assertEquals("3 minutes", HumanUnits.duration(Duration.ofMinutes(3)));
        assertEquals("About an hour", HumanUnits.duration(Duration.ofMinutes(80)));
        assertEquals("2 hours", HumanUnits.duration(Duration.ofMinutes(100)));
        assertEquals("3 days", HumanUnits.duration(Duration.ofDays(3)));
        assertEquals("2 weeks", HumanUnits.duration(Duration.ofDays(15)));
        assertEquals("3 months", HumanUnits.duration(Duration.ofDays(95)));
        assertEquals("2 years", HumanUnits.duration(Duration.ofDays(800)));
    }

    private static ContainerStatus status(ContainerState s) {
        return status(s, null);
    }

    private static ContainerStatus status(ContainerState s, String health) {
        return new ContainerStatus(s.status(), s.isRunning(), s.exitCode(), s.pid(), s.startedAt(), s.finishedAt(),
                s.oomKilled(), s.error(), s.restartCount(), health);
    }

    @Test
    void statuses() {
        ContainerState created = ContainerState.created();
        assertEquals("Created", status(created).describe(NOW));
        ContainerState up = created.running(1, 1, NOW.minus(Duration.ofMinutes(3)));
        assertEquals("Up 3 minutes", status(up).describe(NOW));
        assertEquals("Up 3 minutes (health: starting)", status(up, "starting").describe(NOW));
        assertEquals("Up 3 minutes (healthy)", status(up, "healthy").describe(NOW));
        assertEquals("Up 3 minutes (unhealthy)", status(up, "unhealthy").describe(NOW));
        assertEquals("Exited (137) 2 seconds ago", status(up.exited(137, true, NOW.minusSeconds(2))).describe(NOW));
        assertEquals("Exited (0) Less than a second ago", status(up.exited(0, false, NOW)).describe(NOW));
    }

    private static ContainerEntry entry(String id, String name, List<String> argv, ContainerState s, List<PortBinding> ports) {
        return new ContainerEntry(id, name, "sha256:" + "a".repeat(64), "busybox", argv, NOW.minusSeconds(5).toString(),
                status(s), "none", List.of(), List.of(), List.of(), ports, null, java.util.Map.of());
    }

    @Test
    void commandIsQuotedAndTruncatedToTwentyCharacters() {
        assertEquals("sh -c 'echo hi'", PsTable.ellipsis("sh -c 'echo hi'", 20));
        assertEquals("sh -c 'while true; …", PsTable.ellipsis("sh -c 'while true; do sleep 1; done'", 20));
    }

    @Test
    void tableLayoutMatchesDocker() {
        String id = "4f3c2b1a0d9e" + "8".repeat(52);
        ContainerState s = ContainerState.created().running(9, 9, NOW.minusSeconds(3));
        String out = PsTable.render(List.of(entry(id, "eager_turing", List.of("sh", "-c", "while true; do sleep 1; done"),
                s, List.of())), false, NOW);
        assertEquals("""
                CONTAINER ID   IMAGE     COMMAND                  CREATED         STATUS         PORTS     NAMES
                4f3c2b1a0d9e   busybox   "sh -c while true; d…"   5 seconds ago   Up 3 seconds             eager_turing
                """, out);
    }

    @Test
    void publishedPortsFillThePortsColumnAsDockerWritesThem() {
        String id = "4f3c2b1a0d9e" + "8".repeat(52);
        ContainerState s = ContainerState.created().running(9, 9, NOW.minusSeconds(3));
        List<PortBinding> ports = List.of(new PortBinding("127.0.0.1", 8080, 80, "tcp"),
                new PortBinding("0.0.0.0", 5353, 53, "udp"));
        String out = PsTable.render(List.of(entry(id, "web", List.of("httpd"), s, ports)), false, NOW);
        assertEquals("""
                CONTAINER ID   IMAGE     COMMAND   CREATED         STATUS         PORTS                                          NAMES
                4f3c2b1a0d9e   busybox   "httpd"   5 seconds ago   Up 3 seconds   127.0.0.1:8080->80/tcp, 0.0.0.0:5353->53/udp   web
                """, out);
    }
}
