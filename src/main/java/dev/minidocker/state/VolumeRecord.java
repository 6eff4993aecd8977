package dev.minidocker.state;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * A named volume as {@code <root>/volumes/<name>/volume.json} keeps it (Docker's volume inspect
 * shape, minus Mountpoint, which follows from the store root).
 *
 * @param anonymous made for an image's VOLUME or a bare {@code -v /path}: removed with its container by
 *                  {@code rm -v} and {@code --rm}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record VolumeRecord(
        @JsonProperty("Name") String name,
        @JsonProperty("Driver") String driver,
        @JsonProperty("CreatedAt") String createdAt,
        @JsonProperty("Labels") Map<String, String> labels,
        @JsonProperty("Options") Map<String, String> options,
        @JsonProperty("Anonymous") boolean anonymous) {

    public VolumeRecord {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        options = options == null ? Map.of() : Map.copyOf(options);
    }
}
