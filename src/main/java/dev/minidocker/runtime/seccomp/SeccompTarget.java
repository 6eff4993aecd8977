package dev.minidocker.runtime.seccomp;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a profile's conditional entries are decided against: the container's capabilities (its
 * bounding set, as Docker checks them), the machine's architecture and its kernel.
 *
 * @param capabilities "CAP_*" names, upper case
 * @param arch         Docker's name of the native architecture: amd64, arm64
 * @param scmpArch     its SCMP_ARCH_* name, the key of a profile's archMap
 * @param kernel       the running kernel's release, e.g. "6.1.0-18-amd64"
 */
public record SeccompTarget(Set<String> capabilities, String arch, String scmpArch, String kernel) {
    public SeccompTarget {
        capabilities = normalize(capabilities);
    }

    /** This machine, for a container with {@code capabilities} ("CAP_CHOWN" or "chown" alike). */
    public static SeccompTarget forThisMachine(Collection<String> capabilities) {
        String osArch = System.getProperty("os.arch");
        return switch (osArch) {
            case "amd64", "x86_64" -> new SeccompTarget(normalize(capabilities), "amd64", "SCMP_ARCH_X86_64", System.getProperty("os.version"));
            case "aarch64", "arm64" -> new SeccompTarget(normalize(capabilities), "arm64", "SCMP_ARCH_AARCH64", System.getProperty("os.version"));
            default -> throw new UnsupportedOperationException("seccomp: unsupported architecture " + osArch);
        };
    }

    private static Set<String> normalize(Collection<String> names) {
        Set<String> caps = new TreeSet<>();
        for (String n : names) {
            String upper = n.toUpperCase(Locale.ROOT);
            caps.add(upper.startsWith("CAP_") ? upper : "CAP_" + upper);
        }
        return java.util.Collections.unmodifiableSet(caps);
    }
}
