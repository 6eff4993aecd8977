package dev.minidocker.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** moby's rules for a check's result (daemon/health.go handleProbeResult). */
class ContainerHealthTest {
    private static final Duration LATE = Duration.ofMinutes(1), NO_START_PERIOD = Duration.ZERO;

    private static ContainerHealth.Check check(int n, int exitCode) {
        return new ContainerHealth.Check("t" + n, "t" + n, exitCode, "out" + n);
    }

    @Test
    void retriesFailuresInARowMakeItUnhealthyAndOneSuccessHealthy() {
        ContainerHealth h = ContainerHealth.starting(null);
        h = h.after(check(1, 1), LATE, NO_START_PERIOD, 3);
        assertEquals("starting 1", h.status() + " " + h.failingStreak());
        h = h.after(check(2, 1), LATE, NO_START_PERIOD, 3);
        h = h.after(check(3, 1), LATE, NO_START_PERIOD, 3);
        assertEquals("unhealthy 3", h.status() + " " + h.failingStreak());
        h = h.after(check(4, 0), LATE, NO_START_PERIOD, 3);
        assertEquals("healthy 0", h.status() + " " + h.failingStreak());
        h = h.after(check(5, 2), LATE, NO_START_PERIOD, 3);
        assertEquals("healthy 1", h.status() + " " + h.failingStreak(), "one failure does not undo healthy");
    }

    @Test
    void failuresWithinTheStartPeriodDoNotCountWhileStarting() {
        ContainerHealth h = ContainerHealth.starting(null);
        Duration period = Duration.ofSeconds(10);
        h = h.after(check(1, 1), Duration.ofSeconds(2), period, 1);
        assertEquals("starting 0", h.status() + " " + h.failingStreak());
        h = h.after(check(2, 1), Duration.ofSeconds(11), period, 1);
        assertEquals("unhealthy 1", h.status() + " " + h.failingStreak(), "past the period they count");
        h = ContainerHealth.starting(h).after(check(3, 0), Duration.ofSeconds(1), period, 3)
                .after(check(4, 1), Duration.ofSeconds(2), period, 3);
        assertEquals("healthy 1", h.status() + " " + h.failingStreak(), "once healthy, the period no longer shields");
    }

    @Test
    void theLogKeepsTheLastFiveAndSurvivesARestart() {
        ContainerHealth h = ContainerHealth.starting(null);
        for (int i = 1; i <= 7; i++) h = h.after(check(i, 0), LATE, NO_START_PERIOD, 3);
        assertEquals(List.of("out3", "out4", "out5", "out6", "out7"), h.log().stream().map(ContainerHealth.Check::output).toList());
        ContainerHealth restarted = ContainerHealth.starting(h.after(check(8, 1), LATE, NO_START_PERIOD, 3));
        assertEquals("starting 0 5", restarted.status() + " " + restarted.failingStreak() + " " + restarted.log().size());
        assertEquals("unhealthy", h.stopped().status(), "a container whose checks stopped is reported unhealthy, as Docker does");
    }
}
