package dev.minidocker.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The last line of a push stream for each tag: {"progressDetail":{},"aux":{"Tag","Digest","Size"}}. */
public record PushAux(@JsonProperty("progressDetail") ProgressMessage.Detail progressDetail,
                      @JsonProperty("aux") Pushed aux) {
    public record Pushed(@JsonProperty("Tag") String tag, @JsonProperty("Digest") String digest,
                         @JsonProperty("Size") long size) {}

    public PushAux(String tag, String digest, long size) {
        this(new ProgressMessage.Detail(0, 0), new Pushed(tag, digest, size));
    }
}
