package dev.minidocker.engine.container;

import dev.minidocker.engine.HumanUnits;
import dev.minidocker.state.ContainerHealth;
import dev.minidocker.state.ContainerState;
import java.time.Duration;
import java.time.Instant;

/**
 * A container's state as callers see it: a "running" record whose init is gone already reads
 * exited (see {@link ContainerQueries#status}).
 *
 * @param status     "created", "running", "paused" (running, frozen) or "exited"
 * @param startedAt  RFC 3339, or null when it never started
 * @param finishedAt RFC 3339, or null when it never ended
 * @param health     its health checks' "starting", "healthy" or "unhealthy"; null without checks (and
 *                   for a status asked by id: only ps's list reads health.json)
 */
public record ContainerStatus(String status, boolean running, int exitCode, long pid, String startedAt,
                              String finishedAt, boolean oomKilled, String error, int restartCount, String health) {
    public static final String CREATED = ContainerState.CREATED, RUNNING = ContainerState.RUNNING,
            EXITED = ContainerState.EXITED, PAUSED = "paused";

    static ContainerStatus of(ContainerState s, String health) {
        return new ContainerStatus(s.isRunning() && s.paused() ? PAUSED : s.status(), s.isRunning(), s.exitCode(), s.pid(), s.startedAt(), s.finishedAt(),
                s.oomKilled(), s.error(), s.restartCount(), health);
    }

    /**
     * Docker's ps STATUS: "Created", "Up 3 seconds", "Up 3 seconds (healthy)", "Up 1 second
     * (health: starting)", "Exited (137) 2 seconds ago".
     */
    public String describe(Instant now) {
        return switch (status) {
            case RUNNING -> "Up " + since(startedAt, now) + (health == null ? ""
                    : health.equals(ContainerHealth.STARTING) ? " (health: starting)" : " (" + health + ")");
            case PAUSED -> "Up " + since(startedAt, now) + " (Paused)";
            case EXITED -> "Exited (" + exitCode + ") " + since(finishedAt != null ? finishedAt : startedAt, now) + " ago";
            default -> "Created";
        };
    }

    private static String since(String iso, Instant now) {
        if (iso == null) return "Less than a second";
        return HumanUnits.duration(Duration.between(Instant.parse(iso), now));
    }
}
