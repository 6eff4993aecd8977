package dev.minidocker.image;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reference parsing with Docker's own rules and error texts (distribution/reference's
 * ParseNormalizedNamed, and the daemon's checks before it creates a tag), for verbs whose users
 * compare messages with docker's: {@code tag}, {@code commit}, {@code import}, {@code push}.
 * The messages are the daemon's; docker's CLI prefixes some with
 * {@code Error parsing reference: "X" is not a valid repository/tag: }.
 */
public final class DockerReferences {
    private static final String ALNUM = "[a-z0-9]+", SEPARATOR = "(?:[._]|__|[-]+)";
    private static final String COMPONENT = ALNUM + "(?:" + SEPARATOR + ALNUM + ")*";
    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final String DOMAIN = "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?";
    private static final String TAG = "[\\w][\\w.-]{0,127}";
    private static final String DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
    private static final Pattern REFERENCE = Pattern.compile(
            "((?:" + DOMAIN + "/)?" + COMPONENT + "(?:/" + COMPONENT + ")*)(?::(" + TAG + "))?(?:@(" + DIGEST + "))?");
    private static final Pattern HEX64 = Pattern.compile("[a-f0-9]{64}");
    private static final int NAME_TOTAL_LENGTH_MAX = 255;

    private DockerReferences() {}

    /** {@code ParseNormalizedNamed}: "busybox" is docker.io/library/busybox; no default tag is added. */
    public static ImageReference parseNormalized(String s) {
        if (HEX64.matcher(s).matches()) {
            throw new InvalidReferenceException("invalid repository name (" + s + "), cannot specify 64-byte hexadecimal strings");
        }
        int slash = s.indexOf('/');
        String domain = "docker.io", remainder = s;
        if (slash >= 0) {
            String first = s.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")
                    || !first.toLowerCase(Locale.ROOT).equals(first)) {
                domain = first.equals("index.docker.io") ? "docker.io" : first;
                remainder = s.substring(slash + 1);
            }
        }
        if (domain.equals("docker.io") && !remainder.contains("/")) remainder = "library/" + remainder;
        int colon = remainder.indexOf(':');
        String remoteName = colon >= 0 ? remainder.substring(0, colon) : remainder;
        int at = remoteName.indexOf('@');
        if (at >= 0) remoteName = remoteName.substring(0, at);
        if (!remoteName.toLowerCase(Locale.ROOT).equals(remoteName)) {
            throw new InvalidReferenceException("invalid reference format: repository name (" + remoteName + ") must be lowercase");
        }
        return parse(domain + "/" + remainder);
    }

    /**
     * What {@code docker tag} (and commit, import) accept as a new name: a normalized reference,
     * tagged ("latest" when none is given), never with a digest or an ambiguous "sha256" name.
     */
    public static ImageReference parseTagTarget(String s) {
        ImageReference r = parseNormalized(s);
        if (r.digest() != null) throw new InvalidReferenceException("refusing to create a tag with a digest reference");
        if (r.registry().equals("docker.io") && r.repository().equals("library/sha256")) {
            throw new InvalidReferenceException("refusing to create an ambiguous tag using digest algorithm as name");
        }
        return r.tag() == null ? r.withTag("latest") : r;
    }

    /** distribution/reference.Parse on an already normalized string. */
    private static ImageReference parse(String s) {
        var m = REFERENCE.matcher(s);
        if (!m.matches()) {
            if (s.isEmpty()) throw new InvalidReferenceException("invalid reference format: repository name must have at least one component");
            if (REFERENCE.matcher(s.toLowerCase(Locale.ROOT)).matches()) {
                throw new InvalidReferenceException("invalid reference format: repository name must be lowercase");
            }
            throw new InvalidReferenceException("invalid reference format");
        }
        String name = m.group(1);
        if (name.length() > NAME_TOTAL_LENGTH_MAX) {
            throw new InvalidReferenceException("invalid reference format: repository name must not be more than 255 characters");
        }
        Digest digest = null;
        if (m.group(3) != null) {
            try {
                digest = Digest.parse(m.group(3));
            } catch (InvalidReferenceException e) {
                throw new InvalidReferenceException("invalid reference format: " + e.getMessage());
            }
        }
        int slash = name.indexOf('/');
        return new ImageReference(name.substring(0, slash), name.substring(slash + 1), m.group(2), digest);
    }
}
