package dev.minidocker.runtime.supervisor;

import dev.minidocker.model.RestartPolicy;
import dev.minidocker.state.ContainerState;
import java.time.Duration;

/** Docker's {@code --restart} values and when they restart a container that ended. */
public final class RestartPolicies {
    public static final String NO = "no", ALWAYS = "always", UNLESS_STOPPED = "unless-stopped",
            ON_FAILURE = "on-failure";
    private static final Duration FIRST_DELAY = Duration.ofMillis(100), MAX_DELAY = Duration.ofSeconds(10);

    private RestartPolicies() {}

    /** "no", "always", "unless-stopped", "on-failure" or "on-failure:N", as Docker words its errors. */
    public static RestartPolicy parse(String value) {
        return RestartPolicy.parse(value);
    }

    /** Whether a container that just ended in {@code state} goes again (autoRemove and manual stops never do). */
    public static boolean shouldRestart(RestartPolicy policy, ContainerState state) {
        if (policy == null || state.manuallyStopped()) return false;
        return switch (policy.name()) {
            case ALWAYS, UNLESS_STOPPED -> true;
            case ON_FAILURE -> state.exitCode() != 0
                    && (policy.maximumRetryCount() == 0 || state.restartCount() < policy.maximumRetryCount());
            default -> false;
        };
    }

    /** Docker's back-off: 100 ms, doubled on each restart, here capped at 10 s. */
    public static Duration delay(int restartCount) {
        Duration d = FIRST_DELAY.multipliedBy(1L << Math.min(restartCount, 16));
        return d.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : d;
    }
}
