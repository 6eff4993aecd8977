package dev.minidocker.model;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.minidocker.InvalidArgumentException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Docker's Config.Healthcheck, the same JSON in an image's config, the Engine API, the container
 * record and inspect: {@code Test} is {@code ["CMD", argv...]}, {@code ["CMD-SHELL", "command"]},
 * {@code ["NONE"]} (off, even if the image has one) or empty (inherit the image's); durations are
 * nanoseconds and 0 means Docker's default; unset fields are left out, as Docker leaves them.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonFormat(with = JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record Healthcheck(
        @JsonProperty("Test") List<String> test,
        @JsonProperty("Interval") long interval,
        @JsonProperty("Timeout") long timeout,
        @JsonProperty("StartPeriod") long startPeriod,
        @JsonProperty("StartInterval") long startInterval,
        @JsonProperty("Retries") int retries) {
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30), DEFAULT_TIMEOUT = Duration.ofSeconds(30),
            DEFAULT_START_INTERVAL = Duration.ofSeconds(5);
    public static final int DEFAULT_RETRIES = 3;
    /** {@code --no-healthcheck}: off, whatever the image says. */
    public static final Healthcheck DISABLED = new Healthcheck(List.of("NONE"), 0, 0, 0, 0, 0);

    public Healthcheck {
        test = test == null || test.isEmpty() ? null : List.copyOf(test);
    }

    /** The argv to run in the container at each check, or empty when there is none (NONE, no test). */
    public Optional<List<String>> probe() {
        if (test == null) return Optional.empty();
        List<String> rest = test.subList(1, test.size());
        return switch (test.getFirst()) {
            case "CMD" -> rest.isEmpty() ? Optional.empty() : Optional.of(rest);
            case "CMD-SHELL" -> rest.isEmpty() ? Optional.empty()
                    : Optional.of(List.of("/bin/sh", "-c", String.join(" ", rest)));
            default -> Optional.empty(); // NONE, or a type Docker does not know either
        };
    }

    public Duration intervalOrDefault() {
        return interval > 0 ? Duration.ofNanos(interval) : DEFAULT_INTERVAL;
    }

    public Duration timeoutOrDefault() {
        return timeout > 0 ? Duration.ofNanos(timeout) : DEFAULT_TIMEOUT;
    }

    public Duration startPeriodOrZero() {
        return Duration.ofNanos(Math.max(0, startPeriod));
    }

    public Duration startIntervalOrDefault() {
        return startInterval > 0 ? Duration.ofNanos(startInterval) : DEFAULT_START_INTERVAL;
    }

    public int retriesOrDefault() {
        return retries > 0 ? retries : DEFAULT_RETRIES;
    }

    /**
     * The container's check: the user's over the image's, field by field as Docker merges them
     * (no user check: the image's; a user check without a test takes the image's test, and each
     * unset duration or count the image's).
     */
    public static Healthcheck merge(Healthcheck image, Healthcheck user) {
        if (user == null) return image;
        if (image == null) return user;
        return new Healthcheck(user.test != null ? user.test : image.test,
                user.interval != 0 ? user.interval : image.interval,
                user.timeout != 0 ? user.timeout : image.timeout,
                user.startPeriod != 0 ? user.startPeriod : image.startPeriod,
                user.startInterval != 0 ? user.startInterval : image.startInterval,
                user.retries != 0 ? user.retries : image.retries);
    }

    /**
     * The {@code --health-*} flags as the docker CLI turns them into a check (null when none is
     * given): the command is CMD-SHELL; negative values and --no-healthcheck with any of the
     * others are refused in its words.
     */
    public static Healthcheck fromFlags(String cmd, Duration interval, Duration timeout, Duration startPeriod,
                                        Duration startInterval, Integer retries, boolean disabled) {
        boolean any = cmd != null || interval != null || timeout != null || startPeriod != null
                || startInterval != null || retries != null;
        if (disabled) {
            if (any) throw new InvalidArgumentException("--no-healthcheck conflicts with --health-* options");
            return DISABLED;
        }
        if (!any) return null;
        requireNotNegative(interval, "--health-interval");
        requireNotNegative(timeout, "--health-timeout");
        requireNotNegative(startPeriod, "--health-start-period");
        requireNotNegative(startInterval, "--health-start-interval");
        if (retries != null && retries < 0) throw new InvalidArgumentException("--health-retries cannot be negative");
        List<String> test = null;
        if (cmd != null && !cmd.isEmpty()) test = new ArrayList<>(List.of("CMD-SHELL", cmd));
        return new Healthcheck(test, nanos(interval), nanos(timeout), nanos(startPeriod), nanos(startInterval),
                retries == null ? 0 : retries);
    }

    /** The daemon's checks of a check from any client (Docker's words): durations of at least 1ms, retries not negative. */
    public Healthcheck validated() {
        requireAtLeastOneMilli(interval, "Interval");
        requireAtLeastOneMilli(timeout, "Timeout");
        requireAtLeastOneMilli(startPeriod, "StartPeriod");
        requireAtLeastOneMilli(startInterval, "StartInterval");
        if (retries < 0) throw new InvalidArgumentException("Retries in Healthcheck cannot be negative");
        return this;
    }

    private static void requireAtLeastOneMilli(long nanos, String field) {
        if (nanos != 0 && nanos < 1_000_000) {
            throw new InvalidArgumentException(field + " in Healthcheck cannot be less than 1ms");
        }
    }

    private static void requireNotNegative(Duration d, String flag) {
        if (d != null && d.isNegative()) throw new InvalidArgumentException(flag + " cannot be negative");
    }

    private static long nanos(Duration d) {
        return d == null ? 0 : d.toNanos();
    }
}
