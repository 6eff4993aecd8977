package dev.minidocker.image.registry;

import dev.minidocker.image.Digest;

/**
 * A manifest or index exactly as the registry sent it.
 *
 * @param bytes     the raw bytes (their digest is the manifest's identity: never re-serialise)
 * @param mediaType the Content-Type without parameters, or null when the registry sent none
 * @param digest    the verified digest of {@code bytes}
 */
public record FetchedManifest(byte[] bytes, String mediaType, Digest digest) {
}
