package dev.minidocker.image.store;

import dev.minidocker.image.ImageReference;
import dev.minidocker.image.registry.RegistryClient;
import dev.minidocker.image.registry.RegistryConfig;
import java.util.ArrayList;
import java.util.List;

/** A push from a store to a registry, wired with the real registry client: what {@code push} does. */
public final class RegistryPush {
    /** Docker's default for max-concurrent-uploads. */
    public static final int DEFAULT_CONCURRENCY = 5;

    private RegistryPush() {}

    /** Pushes {@code ref} (a tag), or with {@code allTags} every local tag of its repository. */
    public static List<PushResult> push(ImageStore store, ImageReference ref, boolean allTags, RegistryConfig config,
                                        int maxConcurrentUploads, PushProgress progress) {
        try (RegistryClient client = new RegistryClient(config)) {
            ImagePusher pusher = new ImagePusher(store, client, maxConcurrentUploads, progress);
            List<PushResult> out = new ArrayList<>();
            if (!allTags) {
                out.add(pusher.push(ref.tag() == null ? ref.withTag("latest") : ref));
                return out;
            }
            List<ImageReference> tags = pusher.localTags(ref);
            if (tags.isEmpty()) {
                throw new dev.minidocker.image.ImageNotFoundException("An image does not exist locally with the tag: "
                        + ref.familiarName());
            }
            for (ImageReference t : tags) out.add(pusher.push(t));
            return out;
        }
    }
}
