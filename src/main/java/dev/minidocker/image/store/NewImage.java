package dev.minidocker.image.store;

import dev.minidocker.image.ImageConfig;
import dev.minidocker.image.ImageReference;
import java.time.Instant;
import java.util.function.UnaryOperator;

/**
 * An image to add to the store on top of a parent (commit, import, later build steps).
 *
 * @param parent      the image it extends, or null for one from scratch
 * @param createdBy   the history entry's created_by (docker commit: the container's command)
 * @param comment     the history entry's comment (commit -m; import: "Imported from -"), or null
 * @param author      the config's author (commit -a), or null
 * @param changes     edits of the container config (the --change instructions), or null
 * @param created     the creation time of the config and its history entry
 * @param tag         the name to give it, or null for an untagged image
 */
public record NewImage(StoredImage parent, String createdBy, String comment, String author,
                       UnaryOperator<ImageConfig.Config> changes, Instant created, ImageReference tag) {
}
