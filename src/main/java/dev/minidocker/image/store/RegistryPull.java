package dev.minidocker.image.store;

import dev.minidocker.image.ImageReference;
import dev.minidocker.image.Platform;
import dev.minidocker.image.registry.RegistryClient;
import dev.minidocker.image.registry.RegistryConfig;
import java.util.Collection;
import java.util.List;

/**
 * A pull from a registry into a store, wired with the real registry client and layer writer:
 * what {@code pull} does, and what {@code run} does when the image is missing.
 */
public final class RegistryPull {
    private RegistryPull() {}

    public static PullResult pull(ImageStore store, ImageReference ref, Platform platform,
                                  Collection<String> insecureRegistries, int maxConcurrentDownloads,
                                  PullProgress progress) {
        RegistryConfig config = RegistryConfig.load(insecureRegistries == null ? List.of() : insecureRegistries);
        return pull(store, ref, platform, config, maxConcurrentDownloads, progress);
    }

    public static PullResult pull(ImageStore store, ImageReference ref, Platform platform, RegistryConfig config,
                                  int maxConcurrentDownloads, PullProgress progress) {
        try (RegistryClient client = new RegistryClient(config)) {
            return new ImagePuller(store, new OverlayLayerWriter(), maxConcurrentDownloads, progress)
                    .pull(ref, new RegistryImageSource(client, ref, platform));
        }
    }
}
