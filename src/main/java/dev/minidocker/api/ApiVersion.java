package dev.minidocker.api;

/** Docker API versions ("1.41"): compared numerically part by part, so 1.9 < 1.41. */
public final class ApiVersion {
    /** The version this server speaks; docker 28's client negotiates down to it via /_ping. */
    public static final String CURRENT = "1.41";
    /** The oldest version whose request shapes are still accepted. */
    public static final String MINIMUM = "1.24";
    /**
     * The Docker release whose API is {@link #CURRENT} (20.10 speaks 1.41), reported as /version's
     * Version as podman does: clients check it (Testcontainers refuses servers below 1.6.0, and a
     * "0.1.0-dev" parses lower), and a newer Docker number would promise a newer API than we speak.
     */
    public static final String DOCKER_COMPATIBLE = "20.10.24";

    private ApiVersion() {}

    public static int compare(String a, String b) {
        String[] x = a.split("\\."), y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int p = i < x.length ? parse(x[i]) : 0, q = i < y.length ? parse(y[i]) : 0;
            if (p != q) return Integer.compare(p, q);
        }
        return 0;
    }

    private static int parse(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid API version " + s);
        }
    }
}
