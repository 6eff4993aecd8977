package dev.minidocker.runtime.supervisor;

import dev.minidocker.MiniDockerException;
import dev.minidocker.state.ContainerRecord.RestartPolicy;
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
        if (value == null || value.isEmpty()) return new RestartPolicy(NO, 0);
        String[] parts = value.split(":", -1);
        String name = parts[0];
        switch (name) {
            case NO, ALWAYS, UNLESS_STOPPED -> {
                if (parts.length > 1) {
                    throw new MiniDockerException("invalid restart policy: maximum retry count cannot be used with restart policy '" + name + "'");
                }
                return new RestartPolicy(name, 0);
            }
            case ON_FAILURE -> {
                if (parts.length == 1) return new RestartPolicy(name, 0);
                try {
                    int max = Integer.parseInt(parts[1]);
                    if (max < 0 || parts.length > 2) throw new NumberFormatException();
                    return new RestartPolicy(name, max);
                } catch (NumberFormatException e) {
                    throw new MiniDockerException("invalid restart policy format: maximum retry count must be a positive integer");
                }
            }
            default -> throw new MiniDockerException("invalid restart policy '" + value + "'");
        }
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
