package dev.minidocker.engine.image;

/**
 * How a pull ended.
 *
 * @param reference      the canonical reference, e.g. "docker.io/library/busybox:latest"
 * @param familiar       as docker shows it, e.g. "busybox:latest"
 * @param manifestDigest the manifest's digest
 * @param downloaded     whether anything new came down (else the image was up to date)
 */
public record PullOutcome(String reference, String familiar, String manifestDigest, boolean downloaded) {}
