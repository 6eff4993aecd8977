package dev.minidocker.image.store;

import dev.minidocker.image.Digest;
import dev.minidocker.image.ImageConfig;
import dev.minidocker.image.ImageReference;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * An image in the store, as the runtime needs it.
 *
 * @param reference      the name it was found by (or its first tag); null for an untagged image
 *                       known by no repository digest
 * @param manifestDigest the manifest it was pulled or loaded with
 * @param imageId        the config digest (Docker's image id)
 * @param config         the parsed image config
 * @param layerDirs      the extracted layers' {@code diff/} directories, BOTTOM layer first
 *                       (overlayfs wants them reversed in lowerdir)
 * @param size           the extracted layers' total size in bytes
 * @param created        the config's creation time (EPOCH when the image does not say)
 */
public record StoredImage(
        ImageReference reference,
        Digest manifestDigest,
        Digest imageId,
        ImageConfig config,
        List<Path> layerDirs,
        long size,
        Instant created) {

    public StoredImage {
        layerDirs = List.copyOf(layerDirs);
    }
}
