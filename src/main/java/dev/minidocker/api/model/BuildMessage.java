package dev.minidocker.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One line of {@code POST /build}'s stream as the classic builder sends it: text ({@code stream}),
 * the built image ({@code aux: {"ID": ...}}), or the error that ends the build (with a RUN's exit
 * code, which the docker client exits with).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BuildMessage(
        @JsonProperty("stream") String stream,
        @JsonProperty("aux") Aux aux,
        @JsonProperty("error") String error,
        @JsonProperty("errorDetail") ErrorDetail errorDetail) {

    public record Aux(@JsonProperty("ID") String id) {
    }

    public record ErrorDetail(
            @JsonInclude(JsonInclude.Include.NON_DEFAULT) @JsonProperty("code") int code,
            @JsonProperty("message") String message) {
    }

    public static BuildMessage text(String text) {
        return new BuildMessage(text, null, null, null);
    }

    public static BuildMessage image(String id) {
        return new BuildMessage(null, new Aux(id), null, null);
    }

    public static BuildMessage failure(int code, String message) {
        return new BuildMessage(null, null, message, new ErrorDetail(code, message));
    }
}
