package dev.minidocker.api.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The body of {@code POST /exec/{id}/start}: detached, or attached (hijacked) to the caller. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ExecStartRequest(@JsonProperty("Detach") boolean detach, @JsonProperty("Tty") boolean tty) {
}
