package dev.minidocker.daemon;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code <root>/daemon.json}: written by the daemon once it listens, removed when it stops.
 *
 * @param host the UNIX socket as {@code unix:///path}
 * @param tcp  the loopback TCP address, or null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DaemonInfo(
        @JsonProperty("Pid") long pid,
        @JsonProperty("Host") String host,
        @JsonProperty("Tcp") String tcp,
        @JsonProperty("StartedAt") String startedAt) {
}
