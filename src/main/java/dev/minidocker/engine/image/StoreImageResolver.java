package dev.minidocker.engine.image;

import dev.minidocker.image.ImageConfig;
import dev.minidocker.image.ImageNotFoundException;
import dev.minidocker.image.ImageReference;
import dev.minidocker.image.Platform;
import dev.minidocker.image.store.ImageStore;
import dev.minidocker.image.store.StoreLocks;
import dev.minidocker.image.store.StoredImage;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@link ImageResolver} over the image store, pulling like docker does (progress on stderr). From
 * its first lookup until {@link #release()} it holds the store's {@code gc} lock shared, the lock rmi
 * takes exclusively before it deletes anything.
 */
final class StoreImageResolver implements ImageResolver {
    private static final int MAX_CONCURRENT_DOWNLOADS = 3;
    private final ImageStore store;
    private final ImageService images;
    private final AtomicReference<StoreLocks.Held> gcHold = new AtomicReference<>();
    private String prefetchedReference;
    private ResolvedImage prefetched;

    StoreImageResolver(ImageStore store, ImageService images) {
        this.store = store;
        this.images = images;
    }

    @Override
    public void prefetch(String reference, PullPolicy policy, String platform) {
        if (reference == null || policy == PullPolicy.ALWAYS || platform != null) return; // resolve() checks a platform
        try {
            holdImages();
            Optional<StoredImage> found = store.find(reference);
            if (found.isEmpty()) return;
            prefetched = resolved(found.get());
            prefetchedReference = reference;
        } catch (RuntimeException e) {
            // resolve() looks again and reports it
        }
    }

    @Override
    public ResolvedImage resolve(String reference, PullPolicy policy, String platform, PrintStream progress) {
        holdImages();
        if (prefetched != null && reference.equals(prefetchedReference) && policy != PullPolicy.ALWAYS) {
            ResolvedImage image = prefetched;
            prefetched = null;
            return image;
        }
        Platform wanted = platform == null ? null : Platform.parse(platform);
        Optional<StoredImage> found = policy == PullPolicy.ALWAYS ? Optional.empty() : store.find(reference);
        if (found.isPresent() && wanted != null && !matches(wanted, found.get())) {
            // As Docker: an image of another platform is not there for this run (pulled when the policy allows).
            if (policy == PullPolicy.NEVER) {
                ImageConfig c = found.get().config();
                Platform actual = new Platform(c.os(), c.architecture(), c.variant() == null || c.variant().isEmpty() ? null : c.variant());
                throw new ImageNotFoundException("image with reference " + reference + " was found but does not match the"
                        + " specified platform: wanted " + wanted + ", actual: " + actual);
            }
            found = Optional.empty();
        }
        if (found.isEmpty()) {
            ImageReference ref = ImageReference.parse(reference);
            String familiar = ref.familiarName() + (ref.tag() != null ? ":" + ref.tag() : "@" + ref.digest());
            if (policy == PullPolicy.NEVER) throw new ImageNotFoundException("No such image: " + familiar);
            if (policy == PullPolicy.MISSING) progress.println("Unable to find image '" + familiar + "' locally");
            images.pull(ref.toString(), platform, List.of(), MAX_CONCURRENT_DOWNLOADS, ImageService.printer(progress));
            progress.flush();
            found = store.find(ref.toString());
        }
        return resolved(found.orElseThrow(() -> new ImageNotFoundException("No such image: " + reference)));
    }

    @Override
    public void release() {
        StoreLocks.Held held = gcHold.getAndSet(null);
        if (held != null) held.close();
    }

    private void holdImages() {
        if (gcHold.get() != null) return;
        StoreLocks.Held held = store.locks().shared("gc");
        if (!gcHold.compareAndSet(null, held)) held.close();
    }

    private static boolean matches(Platform wanted, StoredImage image) {
        ImageConfig c = image.config();
        return c == null || wanted.describes(c.os(), c.architecture(), c.variant());
    }

    private static ResolvedImage resolved(StoredImage image) {
        return new ResolvedImage(image.imageId().toString(),
                image.config() != null ? image.config().config() : null, image.layerDirs());
    }
}
