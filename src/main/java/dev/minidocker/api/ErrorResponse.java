package dev.minidocker.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Docker's error body: {@code {"message": "No such container: foo"}}. */
public record ErrorResponse(@JsonProperty("message") String message) {
}
