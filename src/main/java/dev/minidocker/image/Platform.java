package dev.minidocker.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** An OCI platform: {@code linux/amd64}, {@code linux/arm64/v8}. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Platform(
        @JsonProperty("os") String os,
        @JsonProperty("architecture") String architecture,
        @JsonProperty("variant") String variant) {

    /** This machine, in OCI's names (Java says amd64/aarch64; OCI says amd64/arm64). */
    public static Platform host() {
        String arch = switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "arm" -> "arm";
            case "ppc64le" -> "ppc64le";
            case "s390x" -> "s390x";
            case "riscv64" -> "riscv64";
            default -> System.getProperty("os.arch");
        };
        return new Platform("linux", arch, arch.equals("arm64") ? "v8" : null);
    }

    /** Parses {@code os/arch[/variant]}, as {@code --platform} takes it. */
    public static Platform parse(String s) {
        String[] parts = s.split("/");
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new InvalidReferenceException("invalid platform \"" + s + "\": expected os/arch[/variant]");
        }
        return new Platform(parts[0], parts[1], parts.length == 3 ? parts[2] : null);
    }

    /** True when an index entry for {@code candidate} can run here; a missing variant matches. */
    public boolean matches(Platform candidate) {
        if (candidate == null) return false;
        if (!os.equals(candidate.os) || !architecture.equals(candidate.architecture)) return false;
        return variant == null || candidate.variant == null || variant.equals(candidate.variant);
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant == null ? "" : "/" + variant);
    }
}
