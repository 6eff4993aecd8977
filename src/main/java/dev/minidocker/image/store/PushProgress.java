package dev.minidocker.image.store;

import dev.minidocker.image.Digest;

/**
 * What a push reports, in docker's words, for the CLI and the API to render (docker shows each
 * layer by the first 12 hex digits of its DiffID). Implementations must be thread-safe: layers
 * are pushed in parallel.
 */
public interface PushProgress {
    /** "Preparing", "Waiting", "Pushing", "Pushed", "Layer already exists", "Mounted from REPO". */
    void status(Digest layer, String status);

    /** Compressed bytes of a layer sent so far, of {@code total}. */
    void pushing(Digest layer, long done, long total);

    /** A line of its own: "The push refers to repository [...]", "TAG: digest: sha256:... size: N". */
    void message(String line);

    PushProgress QUIET = new PushProgress() {
        @Override public void status(Digest layer, String status) {}
        @Override public void pushing(Digest layer, long done, long total) {}
        @Override public void message(String line) {}
    };
}
