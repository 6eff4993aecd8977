package dev.minidocker.image.store;

import dev.minidocker.image.Digest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code commit} and {@code import} in the store: a directory in overlay form becomes one new
 * layer ({@link LayerCommitter}) and an image on top of the parent ({@link ImageCreator}). All or
 * nothing: if the image cannot be recorded, a layer this call added is removed again, so a failed
 * commit leaves no layer, no config and no tag. The store's gc lock is held shared throughout,
 * so {@code rmi} cannot collect the new layer before the image that uses it is recorded.
 *
 * <p>The caller keeps the directory still while it is read: the engine freezes a running
 * container's cgroup around the call, as docker commit's default {@code --pause} does.
 */
public final class ImageCommitter {
    /** The new image, the layer on top, and whether the layer is new to the store. */
    public record Committed(Digest imageId, Digest diffId, boolean layerCreated) {}

    private final ImageStore store;

    public ImageCommitter(ImageStore store) {
        this.store = store;
    }

    @SuppressWarnings("try") // the lock is held for the block, never used in it
    public Committed commit(Path changes, NewImage image) {
        return commit(changes, image, Map.of());
    }

    /** With config fields the typed config does not model (see {@link ImageCreator#create(NewImage, List, Map)}). */
    @SuppressWarnings("try")
    public Committed commit(Path changes, NewImage image, Map<String, Object> extraConfig) {
        store.cleanStale();
        try (StoreLocks.Held gc = store.locks().shared("gc")) {
            LayerCommitter.Committed layer = new LayerCommitter(store).commit(changes);
            try {
                Digest id = new ImageCreator(store).create(image, List.of(layer.diffId()), extraConfig);
                return new Committed(id, layer.diffId(), layer.created());
            } catch (RuntimeException e) {
                if (layer.created()) removeUnusedLayer(layer.diffId());
                throw e;
            }
        }
    }

    /** Removes a layer this commit added, unless an image (a concurrent commit's) uses it by now. */
    private void removeUnusedLayer(Digest diffId) {
        boolean used = store.db().read().images().values().stream().anyMatch(r -> r.diffIds().contains(diffId));
        if (!used) store.layers().remove(diffId);
    }
}
