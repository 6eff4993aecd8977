package dev.minidocker.engine.image;

import java.time.Instant;
import java.util.Map;

/**
 * One line of {@code docker images}: an image under one of its tags (or untagged).
 *
 * @param id         the image id, {@code sha256:...}
 * @param shortId    its first 12 hex digits
 * @param repository the familiar repository name ("busybox"); null for an untagged image
 * @param tag        the tag; null for an untagged image or a digest reference
 * @param created    the config's creation time (EPOCH when the image does not say)
 * @param size       the extracted layers' total size in bytes
 * @param labels     the image config's labels
 */
public record ImageEntry(String id, String shortId, String repository, String tag, Instant created, long size,
                         Map<String, String> labels) {

    /** "busybox:latest", or null without a tag. */
    public String repoTag() {
        return repository != null && tag != null ? repository + ":" + tag : null;
    }
}
