package dev.minidocker.image.store;

import dev.minidocker.image.Digest;

/**
 * A container whose record names an image: while it exists, rmi keeps the image and its layers.
 *
 * @param containerId the container's full id
 * @param imageId     the image its {@code config.json} names in "Image"
 * @param running     its {@code state.json} says running and that process is alive
 */
public record ImageUser(String containerId, Digest imageId, boolean running) {
    /** The 12-hex form Docker's messages show. */
    public String shortId() {
        return containerId.length() > 12 ? containerId.substring(0, 12) : containerId;
    }
}
