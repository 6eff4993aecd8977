package dev.minidocker.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One line of a streamed pull ({@code POST /images/create}), Docker's jsonmessage: a status per
 * layer id, byte counts while downloading, or an error that ends the stream.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProgressMessage(
        @JsonProperty("status") String status,
        @JsonProperty("progressDetail") Detail progressDetail,
        @JsonProperty("id") String id,
        @JsonProperty("error") String error,
        @JsonProperty("errorDetail") ErrorDetail errorDetail) {

    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    public record Detail(@JsonProperty("current") long current, @JsonProperty("total") long total) {
    }

    public record ErrorDetail(@JsonProperty("message") String message) {
    }

    public static ProgressMessage status(String id, String status) {
        return new ProgressMessage(status, id == null ? null : new Detail(0, 0), id, null, null);
    }

    public static ProgressMessage downloading(String id, long current, long total) {
        return new ProgressMessage("Downloading", new Detail(current, Math.max(total, 0)), id, null, null);
    }

    public static ProgressMessage failure(String message) {
        return new ProgressMessage(null, null, null, message, new ErrorDetail(message));
    }
}
