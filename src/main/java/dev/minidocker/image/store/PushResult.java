package dev.minidocker.image.store;

import dev.minidocker.image.Digest;
import dev.minidocker.image.ImageReference;

/**
 * One pushed tag.
 *
 * @param reference      what was pushed (with its tag)
 * @param manifestDigest the digest of the manifest the registry now serves for the tag
 * @param manifestSize   its size in bytes (docker prints both)
 * @param configDigest   the config pushed: the local image id, unless layers had to be regenerated
 *                       (layers stored without a tar-split) and the config's diff_ids rewritten
 */
public record PushResult(ImageReference reference, Digest manifestDigest, long manifestSize, Digest configDigest) {}
