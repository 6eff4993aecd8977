package dev.minidocker.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A container mount as inspect and ps list it ({@code -v} binds and {@code --tmpfs}). */
public record MountPoint(
        @JsonProperty("Type") String type,
        @JsonProperty("Source") String source,
        @JsonProperty("Destination") String destination,
        @JsonProperty("Mode") String mode,
        @JsonProperty("RW") boolean rw,
        @JsonProperty("Propagation") String propagation) {

    /** {@code /host:/ctr[:ro]} as given to -v. */
    public static MountPoint ofBind(String spec) {
        String[] p = spec.split(":");
        boolean ro = p.length > 2 && p[2].contains("ro");
        return new MountPoint("bind", p[0], p.length > 1 ? p[1] : p[0], p.length > 2 ? p[2] : "", !ro, "rprivate");
    }

    /** {@code /path[:opts]} as given to --tmpfs. */
    public static MountPoint ofTmpfs(String spec) {
        int colon = spec.indexOf(':');
        String dest = colon >= 0 ? spec.substring(0, colon) : spec;
        String opts = colon >= 0 ? spec.substring(colon + 1) : "";
        return new MountPoint("tmpfs", "", dest, opts, !opts.contains("ro"), "");
    }
}
