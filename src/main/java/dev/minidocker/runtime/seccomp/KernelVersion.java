package dev.minidocker.runtime.seccomp;

/** A kernel's major.minor, as Docker compares a profile's minKernel with the running kernel. */
record KernelVersion(int major, int minor) implements Comparable<KernelVersion> {
    /** "6.18.44-fc-v1252" or "4.8": the first two numbers; null if there are none. */
    static KernelVersion parse(String release) {
        if (release == null) return null;
        String[] parts = release.split("[.\\-+]", 3);
        if (parts.length < 2) return null;
        try {
            int major = Integer.parseInt(parts[0]), minor = Integer.parseInt(parts[1]);
            return major < 0 || minor < 0 ? null : new KernelVersion(major, minor);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public int compareTo(KernelVersion o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }
}
