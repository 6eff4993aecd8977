package dev.minidocker.image.store;

import dev.minidocker.image.Digest;
import dev.minidocker.image.ImageReference;

/**
 * The outcome of a pull or load.
 *
 * @param manifestDigest the repo digest Docker prints ("Digest: ..."): the index's when there was one
 * @param downloaded false when the tag already pointed at this image and every layer was present
 * @param layersExtracted how many layers this pull extracted itself
 */
public record PullResult(ImageReference reference, Digest manifestDigest, Digest imageId,
                         boolean downloaded, int layersExtracted) {
}
