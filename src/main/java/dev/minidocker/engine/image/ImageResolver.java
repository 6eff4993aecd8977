package dev.minidocker.engine.image;

import java.io.PrintStream;

/**
 * Finds an image in the local store, pulling it when the policy says so. What it finds stays in the
 * store until {@link #release()}: no rmi or image GC can delete a layer between a run's lookup and
 * the container record that names the image (from then on rmi sees the container and refuses).
 */
public interface ImageResolver {

    /**
     * @param reference the image as typed (name, name:tag, name@digest, or an id prefix)
     * @param platform  "os/arch[/variant]" or null for this machine's
     * @param progress  where pull progress goes (stderr), as docker prints it
     */
    ResolvedImage resolve(String reference, PullPolicy policy, String platform, PrintStream progress);

    /**
     * A hint that {@link #resolve} will soon be called with these arguments: a resolver may look
     * the image up now (run calls this on a second thread while the first spawns stage 2). Never
     * pulls and never throws: a miss or a failure only means resolve() does the work itself.
     */
    default void prefetch(String reference, PullPolicy policy, String platform) {}

    /**
     * Lets rmi and image GC remove what this resolver found. Call it once the container record
     * that names the image is written, or the run failed before that; any thread may, more than
     * once. Until then a resolver holds the store's images from its first lookup.
     */
    default void release() {}
}
