package dev.minidocker.engine.image;

import dev.minidocker.image.ImageConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * An image found in the local store, as a run needs it.
 *
 * @param imageId   {@code sha256:...}
 * @param config    the image's container defaults; null when the image has none
 * @param layerDirs extracted layer directories, bottom layer first
 */
public record ResolvedImage(String imageId, ImageConfig.Config config, List<Path> layerDirs) {}
