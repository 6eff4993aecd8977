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

    /** The operating systems and architectures Go knows (containerd's platforms.Parse checks against them). */
    private static final java.util.Set<String> KNOWN_OS = java.util.Set.of("aix", "android", "darwin", "dragonfly",
            "freebsd", "hurd", "illumos", "ios", "js", "linux", "nacl", "netbsd", "openbsd", "plan9", "solaris",
            "wasip1", "windows", "zos");
    private static final java.util.Set<String> KNOWN_ARCH = java.util.Set.of("386", "amd64", "amd64p32", "arm",
            "armbe", "arm64", "arm64be", "loong64", "mips", "mipsle", "mips64", "mips64le", "mips64p32", "mips64p32le",
            "ppc", "ppc64", "ppc64le", "riscv", "riscv64", "s390", "s390x", "sparc", "sparc64", "wasm");

    /**
     * Parses {@code --platform} as the docker CLI does: {@code os/arch[/variant]}, or an OS alone
     * (this machine's architecture) or an architecture alone (linux), with the usual aliases
     * (x86_64, aarch64, armhf, ...). Anything else is refused, as Docker refuses it.
     */
    public static Platform parse(String s) {
        String[] parts = s.toLowerCase(java.util.Locale.ROOT).split("/", -1);
        Platform p = null;
        if (java.util.Arrays.asList(parts).contains("")) {
            // "linux//amd64", "/amd64", "": refused below
        } else if (parts.length == 1 && KNOWN_OS.contains(parts[0])) {
            Platform host = host();
            p = new Platform(parts[0], host.architecture(), parts[0].equals(host.os()) ? host.variant() : null);
        } else if (parts.length == 1) {
            p = arch("linux", parts[0], null);
        } else if (parts.length <= 3 && KNOWN_OS.contains(parts[0])) {
            p = arch(parts[0], parts[1], parts.length == 3 ? parts[2] : null);
        }
        if (p != null) return p;
        throw new InvalidReferenceException("\"" + s + "\": unknown operating system or architecture: invalid argument");
    }

    /** {@code os} with {@code arch} normalised as containerd does, or null for an unknown architecture. */
    private static Platform arch(String os, String arch, String variant) {
        switch (arch) {
            case "x86_64", "x86-64" -> arch = "amd64";
            case "i386" -> arch = "386";
            case "aarch64" -> arch = "arm64";
            case "armhf" -> {
                arch = "arm";
                variant = "v7";
            }
            case "armel" -> {
                arch = "arm";
                variant = "v6";
            }
            default -> { }
        }
        if (!KNOWN_ARCH.contains(arch)) return null;
        if (arch.equals("arm64") && variant == null) variant = "v8";
        if (arch.equals("arm64") && variant.equals("8")) variant = "v8";
        if (arch.equals("arm") && variant == null) variant = "v7";
        if (arch.equals("amd64") && "v1".equals(variant)) variant = null;
        return new Platform(os, arch, variant);
    }

    /**
     * Whether an image whose config says {@code os}, {@code architecture} and {@code variant} is this
     * platform's (docker's check of a local image against --platform): an image that names neither
     * is taken for any, a variant only counts when both name one.
     */
    public boolean describes(String os, String architecture, String variant) {
        if (blank(os) && blank(architecture)) return true;
        return matches(new Platform(blank(os) ? this.os : os, blank(architecture) ? this.architecture : architecture,
                blank(variant) ? null : variant));
    }

    private static boolean blank(String s) {
        return s == null || s.isEmpty();
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
