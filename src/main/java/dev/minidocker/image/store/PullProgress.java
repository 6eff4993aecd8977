package dev.minidocker.image.store;

import dev.minidocker.image.Digest;

/** What a pull reports as it goes; implementations must be thread-safe (layers run in parallel). */
public interface PullProgress {
    /**
     * The registry has the manifest: the pull really begins. Docker says "latest: Pulling from
     * library/busybox" only now, so a bad tag or flag gets its error alone.
     */
    default void manifestFound() {}

    /** A layer changed state: "Pulling fs layer", "Already exists", "Download complete", ... */
    void status(Digest layer, String status);

    /** Compressed bytes of a layer read so far; {@code total} is -1 when unknown. */
    void downloading(Digest layer, long done, long total);

    /** A whole line outside the per-layer display ("Digest: ...", "Status: ..."). */
    void message(String line);

    PullProgress QUIET = new PullProgress() {
        @Override public void status(Digest layer, String status) {}
        @Override public void downloading(Digest layer, long done, long total) {}
        @Override public void message(String line) {}
    };
}
