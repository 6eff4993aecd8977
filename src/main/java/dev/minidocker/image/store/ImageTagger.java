package dev.minidocker.image.store;

import dev.minidocker.image.DockerReferences;
import dev.minidocker.image.ImageNotFoundException;
import dev.minidocker.image.ImageReference;

/** {@code tag SOURCE TARGET}: one more name for an image, with docker's rules for the name. */
public final class ImageTagger {
    private final ImageStore store;

    public ImageTagger(ImageStore store) {
        this.store = store;
    }

    /**
     * Points {@code target} (default tag "latest") at the image {@code source} names (a reference,
     * an id or an id prefix), replacing what the tag named before, in one database update.
     *
     * @throws dev.minidocker.image.InvalidReferenceException with docker's text for a bad target
     * @throws ImageNotFoundException "No such image: SOURCE"
     */
    public ImageReference tag(String source, String target) {
        ImageReference ref = DockerReferences.parseTagTarget(target);
        StoredImage image = store.find(source).orElseThrow(() -> new ImageNotFoundException("No such image: " + source));
        store.db().update(s -> {
            if (!s.images().containsKey(image.imageId().toString())) {
                throw new ImageNotFoundException("No such image: " + source);   // removed meanwhile
            }
            s.tags().put(ref.toString(), image.imageId());
            return s;
        });
        return ref;
    }
}
