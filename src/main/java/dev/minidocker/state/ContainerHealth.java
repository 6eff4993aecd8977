package dev.minidocker.state;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A container's {@code health.json}: Docker's State.Health, as its health checks leave it. The
 * daemon's health monitor writes it after each check; inspect and ps read it. The rules of
 * {@link #after} are moby's: a success makes it healthy, {@code retries} failures in a row
 * unhealthy, and failures before the first success within the start period do not count.
 *
 * @param status "starting", "healthy" or "unhealthy"
 * @param log    the last {@value #MAX_LOG} checks, oldest first
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ContainerHealth(
        @JsonProperty("Status") String status,
        @JsonProperty("FailingStreak") int failingStreak,
        @JsonProperty("Log") List<Check> log) {
    public static final String STARTING = "starting", HEALTHY = "healthy", UNHEALTHY = "unhealthy";
    static final int MAX_LOG = 5;
    /** Longest output kept of one check; more is cut and marked "...". */
    public static final int MAX_OUTPUT = 4096;

    /** One check: when it ran, its exit code (-1: it could not run or timed out) and what it printed. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Check(
            @JsonProperty("Start") String start,
            @JsonProperty("End") String end,
            @JsonProperty("ExitCode") int exitCode,
            @JsonProperty("Output") String output) {}

    public ContainerHealth {
        log = log == null ? List.of() : List.copyOf(log);
    }

    /** At each start: starting again, the streak reset, the log of earlier runs kept. */
    public static ContainerHealth starting(ContainerHealth previous) {
        return new ContainerHealth(STARTING, 0, previous == null ? List.of() : previous.log);
    }

    /**
     * The health after {@code check}: {@code sinceStart} is how long after the container's start
     * the check began; {@code startPeriod} and {@code retries} are the container's (defaults applied).
     */
    public ContainerHealth after(Check check, Duration sinceStart, Duration startPeriod, int retries) {
        List<Check> kept = new ArrayList<>(log);
        kept.add(check);
        while (kept.size() > MAX_LOG) kept.removeFirst();
        if (check.exitCode() == 0) return new ContainerHealth(HEALTHY, 0, kept);
        if (status.equals(STARTING) && sinceStart.compareTo(startPeriod) < 0) {
            return new ContainerHealth(status, failingStreak, kept); // still starting: not counted
        }
        int streak = failingStreak + 1;
        return new ContainerHealth(streak >= retries ? UNHEALTHY : status, streak, kept);
    }

    /** When its checks stop (the container ended): unhealthy, as Docker reports it for compatibility. */
    public ContainerHealth stopped() {
        return new ContainerHealth(UNHEALTHY, failingStreak, log);
    }
}
