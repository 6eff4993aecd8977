package dev.minidocker.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** An image manifest, Docker schema2 or OCI (the two share this shape). */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Manifest(
        int schemaVersion,
        String mediaType,
        Descriptor config,
        List<Descriptor> layers,
        Map<String, String> annotations) {
}
