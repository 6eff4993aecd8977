package dev.minidocker.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;

/**
 * One entry of Docker's {@code Mounts} (inspect and {@code GET /containers/json}): a {@code -v}
 * bind or a {@code --tmpfs}, shown from what the container record keeps ({@code "/host:/ctr:ro"},
 * {@code "/path:opts"}).
 */
@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
public record MountPoint(
        @JsonProperty("Type") String type,
        @JsonProperty("Name") String name,
        @JsonProperty("Source") String source,
        @JsonProperty("Destination") String destination,
        @JsonProperty("Mode") String mode,
        @JsonProperty("RW") boolean rw,
        @JsonProperty("Propagation") String propagation,
        @JsonProperty("Driver") String driver) {

    public MountPoint(String type, String source, String destination, String mode, boolean rw, String propagation) {
        this(type, null, source, destination, mode, rw, propagation, null);
    }

    /**
     * A -v value: {@code /host:/ctr[:mode]} a bind, {@code NAME:/ctr[:mode]} a volume whose data is
     * {@code volumesDir/NAME/_data}; null for what is neither (a bare {@code /path}: its anonymous
     * volume is recorded apart, as "NAME:/path").
     */
    public static MountPoint of(String spec, Path volumesDir) {
        String[] p = spec.split(":", -1);
        if (p.length >= 2 && !p[0].isEmpty() && !p[0].startsWith("/") && volumesDir != null) {
            String mode = p.length == 3 ? p[2] : "";
            return new MountPoint("volume", p[0], volumesDir.resolve(p[0]).resolve("_data").toString(),
                    Path.of(p[1]).normalize().toString(), mode.isEmpty() ? "z" : mode, !mode.equals("ro"), "", "local");
        }
        return ofBind(spec);
    }

    /** {@code /host:/ctr[:mode]} as given to -v, paths normalized; null if it is not one (it never ran then). */
    public static MountPoint ofBind(String spec) {
        String[] p = spec.split(":", -1);
        if (p.length < 2 || p.length > 3 || p[0].isEmpty() || p[1].isEmpty()) return null;
        String mode = p.length == 3 ? p[2] : "";
        boolean ro = mode.equals("ro");
        return new MountPoint("bind", Path.of(p[0]).normalize().toString(), Path.of(p[1]).normalize().toString(),
                mode, !ro, "rprivate");
    }

    /** A --tmpfs at {@code destination} with its options ("" for none). */
    public static MountPoint ofTmpfs(String destination, String options) {
        boolean ro = false;
        for (String o : options.split(",")) ro |= o.strip().equals("ro");
        return new MountPoint("tmpfs", "", destination, options, !ro, "");
    }

    /** {@code /path[:opts]} as given to --tmpfs. */
    public static MountPoint ofTmpfs(String spec) {
        int colon = spec.indexOf(':');
        return ofTmpfs(colon >= 0 ? spec.substring(0, colon) : spec, colon >= 0 ? spec.substring(colon + 1) : "");
    }
}
