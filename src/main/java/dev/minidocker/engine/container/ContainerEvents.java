package dev.minidocker.engine.container;

import dev.minidocker.state.ContainerState;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Waiting for containers to end, as {@code POST /containers/{id}/wait} needs it. The supervisor
 * reports every end it records; that report is kept for a while, because a {@code --rm} container
 * is removed right after and its record (with the exit code) is gone by the time a waiter looks.
 * Waiters check every 20 ms: a sleeping thread, no FFM call that would hold a carrier.
 */
public final class ContainerEvents {
    private static final int REMEMBERED_EXITS = 1000;
    private static final long POLL_MILLIS = 20;

    /** What a wait waits for (Docker's {@code condition} parameter). */
    public enum Condition { NOT_RUNNING, NEXT_EXIT, REMOVED }

    private final ContainerQueries queries;
    private final Map<String, ContainerState> lastExit = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ContainerState> eldest) {
            return size() > REMEMBERED_EXITS;
        }
    };

    ContainerEvents(ContainerQueries queries) {
        this.queries = queries;
    }

    synchronized void exited(String id, ContainerState state) {
        lastExit.put(id, state);
        notifyAll();
    }

    private synchronized Optional<ContainerState> lastExitOf(String id) {
        return Optional.ofNullable(lastExit.get(id));
    }

    /** Docker's {@code condition}: "not-running" (also empty or null), "next-exit", "removed"; null if none of these. */
    public static Condition parse(String condition) {
        return switch (condition == null ? "" : condition) {
            case "", "not-running" -> Condition.NOT_RUNNING;
            case "next-exit" -> Condition.NEXT_EXIT;
            case "removed" -> Condition.REMOVED;
            default -> null;
        };
    }

    /**
     * Blocks until {@code condition} holds for container {@code id}; returns the exit code. The
     * starting point is taken now, so a wait posted before start (as {@code docker run} does) sees
     * the coming run's end.
     */
    int await(String id, Condition condition) throws InterruptedException {
        ContainerState before = queries.effective(id).orElse(null);
        ContainerState exitBefore = lastExitOf(id).orElse(null);
        ContainerState last = before;
        while (true) {
            Optional<ContainerState> now = queries.effective(id);
            ContainerState reported = lastExitOf(id).orElse(null);
            boolean newExit = reported != null && reported != exitBefore;
            if (now.isEmpty()) {
                // Gone: the end was reported just before the removal, or it never ran.
                return newExit ? reported.exitCode() : last != null ? last.exitCode() : 0;
            }
            ContainerState s = now.get();
            last = s;
            switch (condition) {
                case NOT_RUNNING -> {
                    if (!s.isRunning()) return s.exitCode();
                }
                case NEXT_EXIT -> {
                    if (newExit) return reported.exitCode();
                    if (!s.isRunning() && s.finishedAt() != null && before != null
                            && !s.finishedAt().equals(before.finishedAt())) return s.exitCode();
                }
                case REMOVED -> { /* only the record's removal ends this wait */ }
            }
            synchronized (this) {
                wait(POLL_MILLIS);
            }
        }
    }
}
