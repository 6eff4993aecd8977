package dev.minidocker.image;

import dev.minidocker.NotFoundException;

/**
 * An image, or a part of one, does not exist: no image in the local store answers to the name or id
 * given ("No such image: ..."), or a registry answered 404 for a repository, tag, digest, platform
 * or blob. The message says which, in Docker's words.
 */
public final class ImageNotFoundException extends NotFoundException {
    public ImageNotFoundException(String message) {
        super(message);
    }
}
