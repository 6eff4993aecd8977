package dev.minidocker.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** An OCI content descriptor: what a manifest or index says about one blob. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Descriptor(
        String mediaType,
        Digest digest,
        long size,
        List<String> urls,
        Map<String, String> annotations,
        Platform platform) {

    public Descriptor(String mediaType, Digest digest, long size) {
        this(mediaType, digest, size, null, null, null);
    }
}
