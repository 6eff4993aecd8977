package dev.minidocker.image;

import java.util.regex.Pattern;

/**
 * A parsed image reference, normalised the way Docker does it: {@code busybox} is
 * {@code docker.io/library/busybox:latest}. The first path component is a registry host only
 * when it contains a '.' or ':' or is {@code localhost}.
 *
 * @param registry   the registry as users name it ({@code docker.io}, {@code 127.0.0.1:5000})
 * @param repository the repository path ({@code library/busybox})
 * @param tag        the tag, or null when pulling by digest only
 * @param digest     the digest, or null
 */
public record ImageReference(String registry, String repository, String tag, Digest digest) {
    public static final String DOCKER_HUB = "docker.io";
    private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
    private static final Pattern PATH = Pattern.compile(COMPONENT + "(?:/" + COMPONENT + ")*");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern HOST = Pattern.compile(
            "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*"
                    + "|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?");

    public static ImageReference parse(String input) {
        if (input == null || input.isEmpty()) throw invalid(input, "empty reference");
        if (input.length() > 255 + 128 + 72) throw invalid(input, "reference too long");
        String rest = input;
        Digest digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = Digest.parse(rest.substring(at + 1));
            rest = rest.substring(0, at);
        }
        String registry = DOCKER_HUB;
        int slash = rest.indexOf('/');
        if (slash > 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")
                    || !first.equals(first.toLowerCase(java.util.Locale.ROOT))) {
                if (!HOST.matcher(first).matches()) throw invalid(input, "invalid registry host " + first);
                registry = first.equals("index.docker.io") ? DOCKER_HUB : first;
                rest = rest.substring(slash + 1);
            }
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon >= 0) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag).matches()) throw invalid(input, "invalid tag \"" + tag + "\"");
        }
        if (!rest.equals(rest.toLowerCase(java.util.Locale.ROOT))) {
            throw invalid(input, "repository name must be lowercase");
        }
        if (!PATH.matcher(rest).matches()) throw invalid(input, "invalid repository name");
        if (registry.equals(DOCKER_HUB) && !rest.contains("/")) rest = "library/" + rest;
        if (tag == null && digest == null) tag = "latest";
        return new ImageReference(registry, rest, tag, digest);
    }

    private static InvalidReferenceException invalid(String input, String why) {
        return new InvalidReferenceException("invalid reference format \"" + input + "\": " + why);
    }

    /** The host the HTTP API lives on: Docker Hub's API is not at docker.io itself. */
    public String apiHost() {
        return registry.equals(DOCKER_HUB) ? "registry-1.docker.io" : registry;
    }

    /** True for registries Docker lets speak plain HTTP without configuration. */
    public boolean isLoopbackRegistry() {
        String host = registry.startsWith("[") ? registry.substring(0, registry.indexOf(']') + 1)
                : registry.split(":")[0];
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
    }

    /** The tag, or the digest when there is no tag: what a manifest GET names. */
    public String manifestReference() {
        return digest != null ? digest.toString() : tag;
    }

    /** {@code busybox} rather than {@code docker.io/library/busybox}, as {@code docker images} shows. */
    public String familiarName() {
        if (!registry.equals(DOCKER_HUB)) return registry + "/" + repository;
        return repository.startsWith("library/") ? repository.substring(8) : repository;
    }

    /** The same repository with another tag (and no digest). */
    public ImageReference withTag(String newTag) {
        return new ImageReference(registry, repository, newTag, null);
    }

    /** The same repository pinned to a digest. */
    public ImageReference withDigest(Digest d) {
        return new ImageReference(registry, repository, tag, d);
    }

    @Override
    public String toString() {
        return registry + "/" + repository + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }
}
