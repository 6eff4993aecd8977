package dev.minidocker.engine.image;

/**
 * What a pull reports as it goes, in the terms docker prints: layers by their short id. The CLI
 * prints it ({@link PullProgressPrinter}), the Engine API streams it as JSON lines. Implementations
 * must be thread-safe: layers are pulled in parallel.
 */
public interface PullListener {
    /**
     * The registry has the manifest: the pull really begins ("latest: Pulling from library/busybox").
     *
     * @param tagOrDigest the tag asked for, else the digest
     * @param repository  the repository path, e.g. "library/busybox"
     */
    default void manifestFound(String tagOrDigest, String repository) {}

    /** A layer changed state: "Pulling fs layer", "Already exists", "Download complete", ... */
    void status(String layer, String status);

    /** Compressed bytes of a layer read so far; {@code total} is -1 when unknown. */
    void downloading(String layer, long done, long total);

    /** A whole line outside the per-layer display ("Digest: ...", "Status: ..."). */
    void message(String line);

    /** {@code pull -q}: nothing. */
    PullListener QUIET = new PullListener() {
        @Override public void status(String layer, String status) {}
        @Override public void downloading(String layer, long done, long total) {}
        @Override public void message(String line) {}
    };
}
