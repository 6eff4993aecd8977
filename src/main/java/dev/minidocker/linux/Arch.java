package dev.minidocker.linux;

/**
 * The numbers that differ between x86_64 and aarch64: syscalls glibc has no wrapper for (or whose
 * wrapper is too new), and the few open(2) flags that are not generic.
 */
public record Arch(String name, long pivotRoot, long openat2, long closeRange, long capset, long keyctl, long bpf,
                   long seccomp, int oDirectory, int oNofollow) {

    private static final Arch X86_64 = new Arch("x86_64", 155, 437, 436, 126, 250, 321, 317, 0200000, 0400000);
    private static final Arch AARCH64 = new Arch("aarch64", 41, 437, 436, 91, 219, 280, 277, 040000, 0100000);

    /** The table for the machine this JVM runs on. */
    public static final Arch CURRENT = forName(System.getProperty("os.arch"));

    static Arch forName(String osArch) {
        return switch (osArch) {
            case "amd64", "x86_64" -> X86_64;
            case "aarch64", "arm64" -> AARCH64;
            default -> throw new UnsupportedOperationException("unsupported architecture " + osArch);
        };
    }
}
