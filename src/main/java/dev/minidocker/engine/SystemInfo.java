package dev.minidocker.engine;

/**
 * What {@code info} tells (the CLI's text and the Engine API's {@code GET /info}): this store's
 * containers and images, and the host's facts.
 */
public record SystemInfo(String id, int containers, int running, int paused, int stopped, int images, String rootDir,
                         String operatingSystem, String architecture, int cpus, long memTotal, String hostname,
                         String serverVersion, String kernelVersion, String cgroupVersion) {
    /** The layers are OverlayFS mounts; Docker's name for that driver. */
    public static final String STORAGE_DRIVER = "overlay2";
    /** Cgroups are written directly (no systemd). */
    public static final String CGROUP_DRIVER = "cgroupfs";
    /** Detached containers' output is kept as Docker's json-file driver keeps it. */
    public static final String LOGGING_DRIVER = "json-file";
}
