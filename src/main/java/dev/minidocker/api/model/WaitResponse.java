package dev.minidocker.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code POST /containers/{id}/wait}: the exit code once the wait condition is met. */
public record WaitResponse(@JsonProperty("StatusCode") int statusCode, @JsonProperty("Error") WaitError error) {

    public record WaitError(@JsonProperty("Message") String message) {
    }
}
