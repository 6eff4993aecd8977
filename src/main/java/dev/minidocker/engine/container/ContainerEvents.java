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
     * A wait on {@code condition} for container {@code id} whose starting point is taken now, so a
     * wait registered before start (as {@code docker run} and {@code start -a} do) sees the coming
     * run's end however soon it comes.
     */
    Waiter register(String id, Condition condition) {
        return new Waiter(id, condition, queries.effective(id).orElse(null), lastExitOf(id).orElse(null));
    }

    /** One registered wait: {@link #await} blocks until its condition holds and returns the exit code. */
    public final class Waiter {
        private final String id;
        private final Condition condition;
        private final ContainerState before, exitBefore;

        private Waiter(String id, Condition condition, ContainerState before, ContainerState exitBefore) {
            this.id = id;
            this.condition = condition;
            this.before = before;
            this.exitBefore = exitBefore;
        }

        public int await() throws InterruptedException {
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
                synchronized (ContainerEvents.this) {
                    ContainerEvents.this.wait(POLL_MILLIS);
                }
            }
        }
    }
}
