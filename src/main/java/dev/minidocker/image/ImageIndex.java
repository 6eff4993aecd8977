package dev.minidocker.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Optional;

/** An OCI image index or Docker manifest list. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageIndex(int schemaVersion, String mediaType, List<Descriptor> manifests) {

    /**
     * The manifest for {@code wanted}, skipping attestation entries (platform unknown/unknown, or
     * annotated as an attestation manifest by BuildKit).
     */
    public Optional<Descriptor> select(Platform wanted) {
        if (manifests == null) return Optional.empty();
        return manifests.stream()
                .filter(d -> !isAttestation(d))
                .filter(d -> wanted.matches(d.platform()))
                .sorted((a, b) -> Boolean.compare(!exactVariant(wanted, a), !exactVariant(wanted, b)))
                .findFirst();
    }

    private static boolean exactVariant(Platform wanted, Descriptor d) {
        return java.util.Objects.equals(wanted.variant(), d.platform().variant());
    }

    private static boolean isAttestation(Descriptor d) {
        Platform p = d.platform();
        if (p != null && "unknown".equals(p.os()) && "unknown".equals(p.architecture())) return true;
        return d.annotations() != null
                && d.annotations().containsKey("vnd.docker.reference.type");
    }
}
