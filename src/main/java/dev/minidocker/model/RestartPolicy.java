package dev.minidocker.model;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.minidocker.MiniDockerException;

/**
 * Docker's HostConfig.RestartPolicy: "no", "always", "unless-stopped" or "on-failure" (with a
 * maximum number of retries, 0 for none). The same JSON in the Engine API, the container record
 * and inspect. Parsed and validated here, whether it comes as {@code --restart} text or as the
 * API's object, so both get the same messages.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonFormat(with = JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
public record RestartPolicy(
        @JsonProperty("Name") String name,
        @JsonProperty("MaximumRetryCount") int maximumRetryCount) {
    public static final String NO = "no", ALWAYS = "always", UNLESS_STOPPED = "unless-stopped",
            ON_FAILURE = "on-failure";
    public static final RestartPolicy NONE = new RestartPolicy(NO, 0);

    /** "no", "always", "unless-stopped", "on-failure" or "on-failure:N", as Docker words its errors. */
    public static RestartPolicy parse(String value) {
        if (value == null || value.isEmpty()) return NONE;
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

    /**
     * The API's {Name, MaximumRetryCount}, checked as {@link #parse} checks the flag (an empty name
     * is "no"; a maximum only counts for on-failure, as Docker's daemon ignores it elsewhere).
     */
    public static RestartPolicy of(String name, int maximumRetryCount) {
        if (name == null || name.isEmpty()) return NONE;
        if (name.equals(ON_FAILURE) && maximumRetryCount > 0) return parse(name + ":" + maximumRetryCount);
        return parse(name);
    }

    @JsonIgnore
    public boolean isNone() {
        return name == null || name.equals(NO);
    }
}
